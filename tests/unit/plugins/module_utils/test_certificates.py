"""Serial numbers and fingerprints read from PEM without a crypto library, checked against cryptography."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from support.certs import issue

from ansible_collections.hwcloud.vpn.plugins.module_utils import certificates
from ansible_collections.hwcloud.vpn.plugins.module_utils.errors import ValidationError


@pytest.mark.parametrize("ca", [True, False])
def test_serial_and_fingerprint_match_cryptography(ca):
    for unused in range(20):
        cert = issue("x", ca=ca)
        assert certificates.serial_number("opt", cert.pem) == str(cert.certificate.serial_number)
        der = cert.certificate.public_bytes(serialization.Encoding.DER)
        assert certificates.fingerprint("opt", cert.pem) == hashlib.sha256(der).hexdigest()


@pytest.mark.parametrize("text", ["not a certificate", "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----",
                                  "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"])
def test_invalid_pem_names_the_option_and_never_echoes_it(text):
    with pytest.raises(ValidationError) as raised:
        certificates.serial_number("ca_certificate", text)
    assert str(raised.value).startswith("ca_certificate:")
    assert text not in str(raised.value)


def test_private_keys_are_recognised_without_being_echoed():
    key = issue("k").key_pem
    certificates.check_private_key("private_key", key)
    with pytest.raises(ValidationError) as raised:
        certificates.check_private_key("private_key", "secret-but-not-a-key")
    assert "secret-but-not-a-key" not in str(raised.value)


@pytest.mark.parametrize("body", ["KeySentinelGarbage0123456789", "!!not base64!!", "MAA=AAAA", "MAUCAQE=",
                                  ""])
def test_private_key_blocks_must_hold_der(body):
    """A PEM header around something that is not a DER key fails before any call, without quoting it."""
    text = "-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----\n" % body
    with pytest.raises(ValidationError) as raised:
        certificates.check_private_key("certificate.private_key", text)
    assert str(raised.value).startswith("certificate.private_key: holds a PEM private key block")
    assert not body or body not in str(raised.value)


def test_private_keys_of_every_pem_form_pass():
    key = issue("forms").key
    for form in (serialization.PrivateFormat.PKCS8, serialization.PrivateFormat.TraditionalOpenSSL):
        for encryption in (serialization.NoEncryption(), serialization.BestAvailableEncryption(b"pass-phrase")):
            pem = key.private_bytes(serialization.Encoding.PEM, form, encryption).decode()
            certificates.check_private_key("private_key", pem)
