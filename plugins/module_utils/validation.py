# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Input checks made before any API call, each failing with a message that names the option."""

import ipaddress
import re

from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ValidationError

# "1 to 64 characters, which can contain digits, letters, underscores (_), hyphens (-), and periods (.)"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
UUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# Tag keys and values: letters (Spanish and Portuguese included), digits, spaces and _ . : = + - @
TAG_KEY_PATTERN = re.compile(r"^[\w .:=+\-@]{1,128}$", re.UNICODE)
TAG_VALUE_PATTERN = re.compile(r"^[\w .:=+\-@]{0,255}$", re.UNICODE)
MAX_TAGS = 20


def check(condition, option, message):
    if not condition:
        raise ValidationError(option, message)


def name(option, value, pattern=NAME_PATTERN,
         rule="1 to 64 characters: letters, digits, underscores (_), hyphens (-) and periods (.)"):
    if value is not None:
        check(pattern.match(value) is not None, option, "%r is not a valid name; it must be %s." % (value, rule))


def uuid(option, value):
    if value is not None:
        check(UUID_PATTERN.match(value) is not None, option, "%r is not a UUID (36 characters)." % (value,))


def uuids(params, *options):
    """Each of these options, when set, is a UUID (the form of every VPN resource id)."""
    for option in options:
        uuid(option, params.get(option))


def integer_range(option, value, low, high):
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
        check(TAG_KEY_PATTERN.match(key) is not None, option,
              "tag key %r must be 1 to 128 letters, digits, spaces or _ . : = + - @." % (key,))
        text = "" if tag_value is None else str(tag_value)
        check(TAG_VALUE_PATTERN.match(text) is not None, option,
              "the value of tag %r must be 0 to 255 letters, digits, spaces or _ . : = + - @." % (key,))
