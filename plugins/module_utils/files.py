# -*- coding: utf-8 -*-
# Copyright: hwcloud.vpn contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Files that hold keys (a client configuration with its private key, a peer's swanctl.conf with its pre-shared
key): read, summarised for a diff without their text, and written so that no other user can read them at any
moment."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from typing import Optional


def read(path: str) -> Optional[bytes]:
    """The file's bytes, or None when there is no file."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def mode_of(path: str) -> Optional[int]:
    """The permission bits of a file or directory, or None when there is none."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return None


def summary(data: Optional[bytes], reason: str, digest: bool = False) -> str:
    """What a diff shows of a file that holds keys: its size, never its text. A digest only where the key is
    long and random (a private key): a digest of a known text around a short pre-shared key would let the key be
    guessed offline."""
    if data is None:
        return ""
    sha256 = ", sha256 %s" % hashlib.sha256(data).hexdigest() if digest else ""
    return "%d bytes%s (content not shown: %s)\n" % (len(data), sha256, reason)


def unwritable(path: str) -> Optional[str]:
    """Why no file can be written at the path whatever its directories become (it is a directory, or a file stands
    where one of its directories goes), or None."""
    path = os.path.abspath(path)
    if os.path.isdir(path):
        return "%s is a directory" % path
    directory = os.path.dirname(path)
    while not os.path.exists(directory):
        directory = os.path.dirname(directory)
    return None if os.path.isdir(directory) else "%s is not a directory" % directory


def make_directories(directory: str, mode: int) -> None:
    """The directory and the missing ones above it, each with the mode; an existing one keeps its owner and
    mode."""
    missing = []
    while not os.path.isdir(directory):
        missing.append(directory)
        directory = os.path.dirname(directory)
    for path in reversed(missing):
        os.mkdir(path, mode)
    for path in missing:
        os.chmod(path, mode)  # mkdir's mode went through the umask


def write(module, path: str, data: bytes, mode: Optional[int] = None) -> None:
    """Replace the file at once. mkstemp makes the temporary file 0600 before a byte is written, so the text is
    never readable by others, even for an instant. mode None keeps an existing file's mode (and owner); a new file
    stays 0600 unless a mode is given."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".%s-" % os.path.basename(path))
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        if mode is None and os.path.exists(path):  # atomic_move gives the new file the old one's mode and owner
            module.atomic_move(temporary, path)
        else:  # atomic_move would chmod a new file to the umask's mode after the rename
            os.rename(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
