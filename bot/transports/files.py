"""Files a transport keeps on disk instead of (or besides) sending them."""

from __future__ import annotations

from pathlib import Path


def keep_file(folder: Path | None, filename: str, data: bytes) -> str:
    """Writes `data` into `folder` under `filename` (a second one becomes name-2.xlsx, so
    that nothing kept is overwritten); returns where, or just the name with no folder."""
    if folder is None:
        return filename
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{Path(filename).stem}-{n}{Path(filename).suffix}"
    path.write_bytes(data)
    return str(path)
