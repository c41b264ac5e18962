"""The federation's certificates: one CA, and per node a key and a certificate it signs.

Nodes authenticate each other with mutual TLS: a node accepts a connection only with a certificate the
federation CA signed, and then identifies the peer by that certificate's SHA-256 fingerprint, which
the federation config lists for each peer. Keys are ECDSA P-256; files are PEM, keys written 0600.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_DAYS = 3650
NODE_DAYS = 825


@dataclass(frozen=True)
class Issued:
    """Where a key and its certificate were written."""

    key: Path
    cert: Path
    fingerprint: str


def make_ca(folder: Path, name: str = "Crossroute federation CA") -> Issued:
    """A new federation CA in `folder` (ca.key, ca.pem)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        _builder(subject, subject, key.public_key(), CA_DAYS)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .sign(key, hashes.SHA256())
    )
    return _write(folder, "ca", key, cert)


def node_hostname(node: str) -> str:
    """The name every node certificate carries besides its hosts: a client verifies the server's
    certificate against the peer's name (TLS SNI) before it sends anything."""
    return f"{node.lower()}.crossroute-node"


def make_node_cert(folder: Path, node: str, hosts: list[str]) -> Issued:
    """A key and certificate for one node, signed by the CA in `folder`; valid as a TLS server for
    `hosts` (names or IP addresses) and the node's own name, and as a TLS client."""
    ca_key = serialization.load_pem_private_key((folder / "ca.key").read_bytes(), None)
    ca_cert = x509.load_pem_x509_certificate((folder / "ca.pem").read_bytes())
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
        raise ValueError(f"{folder / 'ca.key'} is not an EC key made by `federation ca`")
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, node)])
    usage = [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
    cert = (
        _builder(subject, ca_cert.subject, key.public_key(), NODE_DAYS)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage(usage), critical=False)
        .add_extension(
            x509.SubjectAlternativeName([_san(h) for h in [node_hostname(node), *hosts]]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return _write(folder, node.lower(), key, cert)


def fingerprint(cert_pem_or_der: bytes) -> str:
    """SHA-256 of the certificate's DER form, in hexadecimal: how a peer is named in the config."""
    der = cert_pem_or_der
    if der.lstrip().startswith(b"-----BEGIN"):
        der = x509.load_pem_x509_certificate(der).public_bytes(serialization.Encoding.DER)
    return hashlib.sha256(der).hexdigest()


def _builder(
    subject: x509.Name, issuer: x509.Name, public: ec.EllipticCurvePublicKey, days: int
) -> x509.CertificateBuilder:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
    )


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=not cert_sign,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _san(host: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


def _write(
    folder: Path, stem: str, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate
) -> Issued:
    folder.mkdir(parents=True, exist_ok=True)
    key_path, cert_path = folder / f"{stem}.key", folder / f"{stem}.pem"
    pem_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem_key)
    pem_cert = cert.public_bytes(serialization.Encoding.PEM)
    cert_path.write_bytes(pem_cert)
    return Issued(key_path, cert_path, fingerprint(pem_cert))
