# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading PEM certificates just enough to compare them with what the API reports (serial number,
fingerprint), without a cryptography library on the managed host and without echoing their content."""

import base64
import binascii
import hashlib
import re

from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ValidationError

_PEM = re.compile(r"-----BEGIN CERTIFICATE-----\s*(.+?)\s*-----END CERTIFICATE-----", re.DOTALL)
_KEY = re.compile(r"-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----.+?-----END \1-----", re.DOTALL)


def _der_blocks(option, pem):
    blocks = _PEM.findall(pem or "")
    if not blocks:
        raise ValidationError(option, "is not a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END "
                                      "CERTIFICATE-----).")
    try:
        return [base64.b64decode("".join(block.split()), validate=True) for block in blocks]
    except (binascii.Error, ValueError):
        raise ValidationError(option, "holds a PEM block that is not valid base64.")


def _read_tlv(data, offset):
    """(tag, content start, content end) of the DER element at offset."""
    tag = data[offset]
    length = data[offset + 1]
    start = offset + 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[start:start + count], "big")
        start += count
    end = start + length
    if end > len(data):
        raise ValueError("truncated DER element")
    return tag, start, end


def serial_number(option, pem):
    """The decimal serial number of the first certificate in `pem`, as the API reports it."""
    der = _der_blocks(option, pem)[0]
    try:
        _tag, cert_start, _cert_end = _read_tlv(der, 0)
        _tag, tbs_start, _tbs_end = _read_tlv(der, cert_start)
        tag, start, end = _read_tlv(der, tbs_start)
        if tag == 0xA0:  # [0] EXPLICIT version comes first when present
            tag, start, end = _read_tlv(der, end)
        if tag != 0x02:
            raise ValueError("no serial number")
        return str(int.from_bytes(der[start:end], "big", signed=True))
    except (IndexError, ValueError):
        raise ValidationError(option, "is not a valid X.509 certificate.")


def fingerprint(option, pem):
    """SHA-256 of the first certificate's DER encoding, lower-case hex."""
    return hashlib.sha256(_der_blocks(option, pem)[0]).hexdigest()


def check_private_key(option, pem):
    """A PEM private key block whose body is base64 of one DER SEQUENCE (PKCS#1, SEC 1 or PKCS#8). Messages
    never quote the key."""
    match = _KEY.search(pem or "")
    if not match:
        raise ValidationError(option, "is not a PEM private key (-----BEGIN ... PRIVATE KEY-----).")
    # Lines with a colon are RFC 1421 headers (Proc-Type, DEK-Info of an encrypted traditional key).
    lines = match.group(0).splitlines()[1:-1]
    encrypted = any(":" in line for line in lines)
    body = "".join(line.strip() for line in lines if ":" not in line)
    try:
        der = base64.b64decode(body, validate=True)
        tag, _start, end = (0x30, 0, len(der)) if encrypted and der else _read_tlv(der, 0)
    except (binascii.Error, ValueError, IndexError):
        raise ValidationError(option, "holds a PEM private key block that is not valid base64 DER.")
    if tag != 0x30 or end != len(der):
        raise ValidationError(option, "holds a PEM private key block that is not a DER-encoded key.")
