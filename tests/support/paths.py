"""Where things are: the repository, and the collection as Ansible must see it."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / ".build"
COLLECTIONS = BUILD / "collections"
COLLECTION_LINK = COLLECTIONS / "ansible_collections" / "hwcloud" / "vpn"


def collections_path() -> Path:
    """A directory for ANSIBLE_COLLECTIONS_PATH (and sys.path) holding ansible_collections/hwcloud/vpn as a
    link to the working tree, so that edits are picked up without building the collection."""
    if not COLLECTION_LINK.exists():
        COLLECTION_LINK.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.symlink(os.path.relpath(REPO, COLLECTION_LINK.parent), COLLECTION_LINK)
        except FileExistsError:  # another test worker made it first
            pass
    return COLLECTIONS
