"""Worker processes die with the process that started them.

A pool's workers wait on a pipe their parent feeds; when the parent is killed
(SIGKILL from the out-of-memory killer, SIGXCPU at a CPU limit) no one closes
that pipe and they wait forever.  On Linux the kernel can send a signal to a
process when its parent goes (``PR_SET_PDEATHSIG``): each worker asks for
SIGKILL at start-up, so no chart or batch worker outlives the command.
Elsewhere this does nothing; the pools still shut down on a normal exit.

The signal comes when the parent *thread* ends: pools are made and shut down
inside one call on one thread (``draw_all``, ``build_many``), so the thread
outlives its workers.
"""

from __future__ import annotations

import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` (its parent's pid) is gone."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return  # no prctl (another libc): the normal shutdown still applies
    if os.getppid() != parent:  # the parent died before the request was made
        os.kill(os.getpid(), signal.SIGKILL)
