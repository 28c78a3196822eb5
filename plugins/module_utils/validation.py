# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Input checks made before any API call, each failing with a message that names the option."""

import contextlib
import ipaddress
import re
from urllib.parse import urlsplit

from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ValidationError

# Every pattern here is matched whole (`fullmatch`): a `$` alone would let a trailing newline through.
# "1 to 64 characters, which can contain digits, letters, underscores (_), hyphens (-), and periods (.)"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]{1,64}\Z")
UUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
# Tag keys and values: letters (Spanish and Portuguese included), digits, spaces and _ . : = + - @
TAG_KEY_PATTERN = re.compile(r"^[\w .:=+\-@]{1,128}\Z", re.UNICODE)
TAG_VALUE_PATTERN = re.compile(r"^[\w .:=+\-@]{0,255}\Z", re.UNICODE)
MAX_TAGS = 20


# Characters a value sent in an HTTP header may hold: printable ASCII (no control character, no newline).
HEADER_VALUE_PATTERN = re.compile(r"[\x20-\x7e]*")


def check(condition, option, message):
    if not condition:
        raise ValidationError(option, message)


def needed(what, options):
    """One failure naming every option a create lacks (not one run per missing option). `options` is a list of
    (option, given, alternative): `alternative` is another option that would do, or None."""
    missing = [(option, alternative) for option, given, alternative in options if not given]
    if missing:
        names = ", ".join("%s (or %s)" % (option, alternative) if alternative else option
                          for option, alternative in missing)
        raise ValidationError(names, "%s needed to create %s." % ("is" if len(missing) == 1 else "are", what))


def matches(pattern, value):
    """Whether the whole of `value` matches (a trailing newline does not pass, as it would with `$`)."""
    return isinstance(value, str) and pattern.fullmatch(value) is not None


@contextlib.contextmanager
def element(option, index):
    """Checks of one element of a list option: a failure names it, `connections[0].psk`."""
    try:
        yield
    except ValidationError as error:
        raise error.within("%s[%d]" % (option, index)) from None


def name(option, value, pattern=NAME_PATTERN,
         rule="1 to 64 characters: letters, digits, underscores (_), hyphens (-) and periods (.)"):
    if value is not None:
        check(matches(pattern, value), option, "%r is not a valid name; it must be %s." % (value, rule))


def uuid(option, value):
    if value is not None:
        check(matches(UUID_PATTERN, value), option, "%r is not a UUID (36 characters)." % (value,))


def length(option, value, low, high):
    """A string option's length, in characters."""
    if value is not None:
        check(low <= len(value) <= high, option, "is %d characters long; it must be %d to %d." % (
            len(value), low, high))


def header_value(option, value):
    """A credential or setting the client sends in an HTTP header: printable ASCII only. The message never
    shows the value, which may be a secret."""
    if value is not None:
        check(matches(HEADER_VALUE_PATTERN, value), option,
              "holds a control character (a newline?) or a non-ASCII character; the value goes into an HTTP header, "
              "which allows printable ASCII only. Check how it was copied.")


def endpoint(option, value):
    """An API endpoint: http:// or https://, a host, and a port from 1 to 65535 when given."""
    if value is None:
        return
    check(matches(HEADER_VALUE_PATTERN, value) and " " not in value, option,
          "%r holds a space, a control character or a non-ASCII character." % (value,))
    parts = urlsplit(value)
    check(parts.scheme in ("http", "https") and bool(parts.hostname), option,
          "%r is not a URL of the form https://host[:port]." % (value,))
    try:
        port = parts.port
    except ValueError:
        port = -1
    check(port is None or 1 <= port <= 65535, option, "%r: the port must be from 1 to 65535." % (value,))


def uuids(params, *options):
    """Each of these options, when set, is a UUID (the form of every VPN resource id)."""
    for option in options:
        uuid(option, params.get(option))


def integer(option, value):
    """An integer option: a boolean is not one (Ansible's int type lets `true` through as 1)."""
    check(value is None or (isinstance(value, int) and not isinstance(value, bool)), option,
          "%r is not an integer." % (value,))


def integer_range(option, value, low, high):
    integer(option, value)
    if value is not None:
        check(low <= value <= high, option, "%s is out of range: it must be from %s to %s." % (value, low, high))


def ip_address(option, value, version=None):
    if value is None:
        return None
    try:
        parsed = ipaddress.ip_address(value)
    except ValueError:
        raise ValidationError(option, "%r is not a valid IP address." % (value,))
    if version is not None:
        check(parsed.version == version, option, "%r is not an IPv%d address." % (value, version))
    return parsed


def cidr(option, value, version=None):
    """A CIDR block without host bits (192.168.0.0/24, not 192.168.0.1/24)."""
    try:
        parsed = ipaddress.ip_network(value, strict=True)
    except ValueError as error:
        raise ValidationError(option, "%r is not a valid CIDR block (%s)." % (value, error))
    if version is not None:
        check(parsed.version == version, option, "%r is not an IPv%d CIDR block." % (value, version))
    return parsed


def cidrs(option, values, version=None, max_items=None, min_items=0):
    if values is None:
        return None
    check(len(values) >= min_items, option, "at least %d CIDR block(s) are needed." % min_items)
    if max_items is not None:
        check(len(values) <= max_items, option, "%d CIDR blocks given; the API accepts at most %d."
              % (len(values), max_items))
    parsed = [cidr(option, value, version) for value in values]
    duplicates = sorted(set(str(n) for n in parsed if parsed.count(n) > 1))
    check(not duplicates, option, "duplicate CIDR block(s): %s." % ", ".join(duplicates))
    return parsed


def tags(option, value):
    if value is None:
        return
    check(len(value) <= MAX_TAGS, option, "%d tags given; a resource can have at most %d." % (len(value), MAX_TAGS))
    for key, tag_value in value.items():
        check(matches(TAG_KEY_PATTERN, key), option,
              "tag key %r must be 1 to 128 letters, digits, spaces or _ . : = + - @." % (key,))
        text = "" if tag_value is None else str(tag_value)
        check(matches(TAG_VALUE_PATTERN, text), option,
              "the value of tag %r must be 0 to 255 letters, digits, spaces or _ . : = + - @." % (key,))


def shared_options(params):
    """The options every module shares (hwcloud.vpn.auth, wait), before any request."""
    for option in ("access_key", "security_token", "auth_token", "project_id", "region"):
        header_value(option, params.get(option))
    for option in ("endpoint", "iam_endpoint"):
        endpoint(option, params.get(option) or None)
    integer_range("timeout", params.get("timeout"), 1, 3600)
    integer_range("retries", params.get("retries"), 0, 100)
    if "wait_timeout" in params:
        integer_range("wait_timeout", params.get("wait_timeout"), 0, 86400)
