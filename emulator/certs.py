"""Parsing certificates and keys as the service does, with its error codes (VPN.0070 to VPN.0080).

SM2/SM3 (GM) cryptography has no Python implementation here, so GM certificates are checked for
structure, dates, CA flags and key pairing like any other EC or RSA certificate.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any, Dict, Optional

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from .errors import coded, invalid

_NAME_ORDER = [(NameOID.COUNTRY_NAME, "C"), (NameOID.STATE_OR_PROVINCE_NAME, "ST"), (NameOID.LOCALITY_NAME, "L"),
               (NameOID.ORGANIZATION_NAME, "O"), (NameOID.ORGANIZATIONAL_UNIT_NAME, "OU"),
               (NameOID.COMMON_NAME, "CN")]
_SUPPORTED_SIGNATURES = {"sha256WithRSAEncryption": "SHA256WITHRSA", "sha384WithRSAEncryption": "SHA384WITHRSA",
                         "sha512WithRSAEncryption": "SHA512WITHRSA", "ecdsa-with-SHA256": "SHA256WITHECDSA",
                         "ecdsa-with-SHA384": "SHA384WITHECDSA", "ecdsa-with-SHA512": "SHA512WITHECDSA",
                         "SM3WITHSM2": "SM3WITHSM2"}


@dataclass
class Certificate:
    cert: x509.Certificate
    pem: str

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.cert.public_bytes(serialization.Encoding.DER)).hexdigest()

    @property
    def is_ca(self) -> bool:
        try:
            return bool(self.cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
        except x509.ExtensionNotFound:
            return False

    def info(self) -> Dict[str, Any]:
        """The fields the API reports about a certificate."""
        return {
            "serial_number": str(self.cert.serial_number),
            "signature_algorithm": signature_name(self.cert),
            "issuer": distinguished_name(self.cert.issuer),
            "subject": distinguished_name(self.cert.subject),
            "expire_time": self.cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "effective_time": self.cert.not_valid_before_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }


def distinguished_name(name: x509.Name) -> str:
    parts = []
    for oid, label in _NAME_ORDER:
        for attribute in name.get_attributes_for_oid(oid):
            parts.append(f"{label}={attribute.value}")
    return ",".join(parts)


def signature_name(cert: x509.Certificate) -> str:
    oid_name = getattr(cert.signature_algorithm_oid, "_name", "unknown")
    if cert.signature_algorithm_oid.dotted_string == "1.2.156.10197.1.501":
        oid_name = "SM3WITHSM2"
    return _SUPPORTED_SIGNATURES.get(oid_name, oid_name.upper())


def parse_certificate(pem: str, label: str, now: Optional[datetime.datetime] = None,
                      require_ca: Optional[bool] = None) -> Certificate:
    """Parse one PEM certificate, with the service's checks: format, content, algorithms, dates, CA flag."""
    if "-----BEGIN CERTIFICATE-----" not in pem or "-----END CERTIFICATE-----" not in pem:
        raise coded("VPN.0074", label)
    try:
        cert = x509.load_pem_x509_certificate(pem.encode("utf-8"))
    except ValueError:
        raise coded("VPN.0075", label) from None
    oid_name = getattr(cert.signature_algorithm_oid, "_name", "")
    if oid_name not in _SUPPORTED_SIGNATURES and cert.signature_algorithm_oid.dotted_string != "1.2.156.10197.1.501":
        raise coded("VPN.0071", label)
    try:
        public_key = cert.public_key()
    except Exception:  # pylint: disable=broad-except  # unsupported curves raise various errors
        raise coded("VPN.0070", label) from None
    if isinstance(public_key, rsa.RSAPublicKey) and public_key.key_size < 2048:
        raise coded("VPN.0070", label)
    if not isinstance(public_key, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey)):
        raise coded("VPN.0070", label)
    moment = now or datetime.datetime.now(datetime.timezone.utc)
    if cert.not_valid_after_utc < moment:
        raise coded("VPN.0072", label)
    if cert.not_valid_before_utc > moment:
        raise coded("VPN.0073", label)
    parsed = Certificate(cert, pem)
    if require_ca is True and not parsed.is_ca:
        raise coded("VPN.0076", label)
    if require_ca is False and parsed.is_ca:
        raise invalid(f"certificate {label} must not be a CA certificate")
    return parsed


def check_key_pair(cert: Certificate, private_key_pem: str, label: str) -> None:
    """The private key must parse and match the certificate's public key."""
    try:
        key = serialization.load_pem_private_key(private_key_pem.encode("utf-8"), password=None)
    except (ValueError, TypeError):
        raise invalid(f"the private key of {label} is not a valid unencrypted PEM private key") from None
    mine = key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    theirs = cert.cert.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)
    if mine != theirs:
        raise invalid(f"the private key does not match the public key of certificate {label}")
