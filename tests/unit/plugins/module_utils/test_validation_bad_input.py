"""Input checks on bad input (issue 11 item 11): whole-string patterns, booleans, lengths, the shared options, and
messages that name the element of a list option."""

from __future__ import annotations

import importlib
import re
from typing import Iterator, Tuple

import pytest

from support.module_specs import MODULES, PACKAGE
from support.paths import REPO

from ansible_collections.hwcloud.vpn.plugins.module_utils import validation
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ValidationError

UTILS = sorted(p.stem for p in (REPO / "plugins" / "module_utils").glob("*.py") if p.stem != "__init__")


def patterns() -> Iterator[Tuple[str, "re.Pattern[str]"]]:
    """Every compiled pattern a module or module_utils file holds at its top level."""
    for name in [f"modules.{m}" for m in MODULES] + [f"module_utils.{u}" for u in UTILS]:
        code = importlib.import_module(f"{PACKAGE}.{name}")
        for attribute, value in sorted(vars(code).items()):
            if isinstance(value, re.Pattern):
                yield f"{name}.{attribute}", value


def test_no_pattern_lets_a_trailing_newline_through():
    """`$` also matches before a final newline: a pattern anchored at the end uses \\Z (or is fullmatched)."""
    found = dict(patterns())
    assert len(found) >= 8
    loose = sorted(name for name, pattern in found.items() if re.search(r"(?<!\\)\$(\)|\||$)", pattern.pattern))
    assert loose == []


@pytest.mark.parametrize("check, value", [
    (lambda v: validation.name("name", v), "gw-1"),
    (lambda v: validation.uuid("id", v), "7625fd92-2e20-4e4d-8c56-66f110fbfaa8"),
    (lambda v: validation.tags("tags", {v: "x"}), "key"),
    (lambda v: validation.tags("tags", {"k": v}), "value"),
])
@pytest.mark.parametrize("suffix", ["\n", "\r\n", " \n"])
def test_a_trailing_newline_is_refused(check, value, suffix):
    check(value)
    with pytest.raises(ValidationError):
        check(value + suffix)


@pytest.mark.parametrize("value", [True, False, 1.5, "7", [1]])
def test_integers_refuse_what_is_not_one(value):
    with pytest.raises(ValidationError, match="bgp_asn"):
        validation.integer_range("bgp_asn", value, 0, 4294967295)


def test_lengths_are_counted_in_characters():
    validation.length("name", "é" * 64, 1, 64)
    for value in ("", "n" * 65):
        with pytest.raises(ValidationError, match=r"^name: is \d+ characters long; it must be 1 to 64\.$"):
            validation.length("name", value, 1, 64)


def test_an_element_of_a_list_option_is_named():
    with pytest.raises(ValidationError) as raised:
        with validation.element("connections", 2):
            validation.check(False, "psk", "is too short.")
    assert str(raised.value) == "connections[2].psk: is too short."
    assert raised.value.option == "connections[2].psk"
    with pytest.raises(ValidationError, match=r"^users\[0\]\.groups\[1\]\.name: "):
        with validation.element("users", 0):
            with validation.element("groups", 1):
                validation.name("name", "bad name")


@pytest.mark.parametrize("params, option", [
    ({"timeout": 0}, "timeout"), ({"timeout": -1}, "timeout"), ({"timeout": 3601}, "timeout"),
    ({"retries": -1}, "retries"), ({"wait_timeout": -1}, "wait_timeout"), ({"wait_timeout": True}, "wait_timeout"),
    ({"endpoint": "https://vpn.example:65536"}, "endpoint"), ({"endpoint": "vpn.example"}, "endpoint"),
    ({"iam_endpoint": "https://iam example"}, "iam_endpoint"), ({"region": "cn-north-4\n"}, "region"),
    ({"access_key": "AK\r\nX-Injected: 1"}, "access_key"), ({"project_id": "p\x00"}, "project_id"),
])
def test_shared_options_are_checked(params, option):
    with pytest.raises(ValidationError) as raised:
        validation.shared_options(params)
    assert raised.value.option == option


def test_shared_options_that_are_fine_pass():
    validation.shared_options({"timeout": 1, "retries": 0, "wait_timeout": 0, "endpoint": "https://vpn.example:443",
                               "iam_endpoint": None, "region": "cn-north-4", "access_key": "AK"})
