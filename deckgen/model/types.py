"""Scalar types of the deck format.

The loader keeps every scalar as text (see :mod:`deckgen.source.loader`); these types
decide what a field accepts.  Text fields take any scalar exactly as written.
Number and boolean fields accept only unambiguous spellings, so ``010``,
``12:30`` or ``on`` never silently turn into 8, 750 or true.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from deckgen.source.loader import Plain

_DECIMAL = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_INTEGER = re.compile(r"[-+]?\d+")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}


def _text(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # data made in Python (tests, hypothesis) rather than YAML
    return value


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("number", "expected a number, got a boolean")
    if isinstance(value, (int, float)):
        return _finite(float(value), str(value))
    if isinstance(value, Plain):
        written = str(value).strip()
        if _DECIMAL.fullmatch(written) and not _leading_zero(written):
            return _finite(float(written), written)
        raise PydanticCustomError(
            "number",
            "'{written}' is not a plain number (quote it if it is text; write numbers "
            "like 12, 0.5 or -3.2e4)",
            {"written": written},
        )
    if isinstance(value, str):
        return _quoted_number(value)
    return value


def _quoted_number(value: str) -> Any:
    """Text where a number belongs: "remove the quotes" only when that gives a number."""
    written = value.strip()
    if _DECIMAL.fullmatch(written) and not _leading_zero(written):
        raise PydanticCustomError(
            "number", "expected a number, got the text '{written}' (remove the quotes)",
            {"written": value})
    raise PydanticCustomError(
        "number", "expected a number, got the text '{written}'",
        {"written": value, "fix": "write a plain number such as 12, 0.5 or -3.2e4; a sign "
         "like '<' or a unit belongs in a label, the title or a note"})


def _leading_zero(written: str) -> bool:
    """``010`` is 8 in YAML 1.1 and 10 in YAML 1.2: refuse the guess."""
    digits = written.lstrip("+-")
    return len(digits) > 1 and digits[0] == "0" and digits[1].isdigit()


def _finite(number: float, written: str) -> float:
    if not math.isfinite(number):
        raise PydanticCustomError(
            "number", "'{written}' is not a finite number", {"written": written}
        )
    return number


def _integer(value: Any) -> Any:
    value = _number(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise PydanticCustomError("integer", "expected a whole number, got {v}", {"v": value})
        return int(value)
    return value


def _boolean(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        hint = " (YAML 1.1 reads it as a boolean, deckgen does not)" if (
            value.lower() in _YAML11_BOOLS
        ) else ""
        raise PydanticCustomError(
            "boolean", "expected true or false, got '{v}'{hint}", {"v": value, "hint": hint}
        )
    return value


Text = Annotated[str, BeforeValidator(_text)]
Number = Annotated[float, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
Integer = Annotated[int, BeforeValidator(_integer), WithJsonSchema({"type": "integer"})]
Boolean = Annotated[bool, BeforeValidator(_boolean), WithJsonSchema({"type": "boolean"})]
TextList = Annotated[list[Text], Field(min_length=1)]


def text_or_list(value: Any) -> Any:
    """Allow ``source: "one line"`` as well as a list of lines."""
    if isinstance(value, str):
        return [value]
    return value


Lines = Annotated[list[Text], BeforeValidator(text_or_list)]


def _fraction(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{value:g} is out of range; expected 0.0 to 1.0")
    return value


Fraction = Annotated[Number, AfterValidator(_fraction)]
