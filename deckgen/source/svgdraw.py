"""Draw one SVG as PNG in a process of its own, under CPU-time and memory limits.

:mod:`deckgen.source.images` runs this file (by its path, with ``python -I``, so
nothing but the standard library and CairoSVG is imported) as::

    python -I svgdraw.py WIDTH_PX CPU_SECONDS MEMORY_BYTES  < picture.svg  > picture.png

The limits are set before CairoSVG is imported or a byte of the file is read:
a file that passes deckgen's checks but still draws for minutes (thousands of
shapes each filling the whole picture) is stopped by the kernel with SIGXCPU,
and one that asks for gigabytes finds its allocation refused.  No core file is
written where the build runs.  The exit status says what happened (see
:data:`EXIT_NO_CAIRO`, :data:`EXIT_NO_MEMORY`, :data:`EXIT_BROKEN`); the message
of a broken file is the last line on stderr.
"""

from __future__ import annotations

import resource
import sys

EXIT_BROKEN = 1  # CairoSVG could not draw the file
EXIT_NO_CAIRO = 3  # CairoSVG or the cairo library is missing
EXIT_NO_MEMORY = 4  # the drawing needed more memory than the limit


def limit(cpu_seconds: int, memory_bytes: int) -> None:
    """CPU time (SIGXCPU at the soft limit, SIGKILL a second later), address space,
    and no core file."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def main(argv: list[str]) -> int:
    width, seconds, memory = (int(a) for a in argv[1:4])
    limit(seconds, memory)
    try:
        data = sys.stdin.buffer.read()
        try:
            import cairosvg
        except (ImportError, OSError) as exc:
            print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
            return EXIT_NO_CAIRO
        png = cairosvg.svg2png(bytestring=data, unsafe=False, output_width=width)
    except MemoryError:
        return EXIT_NO_MEMORY
    except Exception as exc:  # CairoSVG raises many kinds on a broken file
        text = f"{type(exc).__name__}: {exc}"
        if "NO_MEMORY" in text or "out of memory" in text.lower():
            return EXIT_NO_MEMORY
        print(text.replace("\n", " "), file=sys.stderr)
        return EXIT_BROKEN
    sys.stdout.buffer.write(png)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
