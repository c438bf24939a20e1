"""Give the system back the memory a sale freed, once the guest has gone.

The C allocator (glibc's malloc on Linux) keeps what is freed inside its heap for the next
allocation rather than returning it. A large buffer it once gave back raises its threshold for
giving large buffers their own pages, so the next buffer of that size comes from the heap; when
later allocations sit above it, freeing it leaves megabytes resident that nothing uses. Over a
kiosk's weeks that reads as growth. Between two guests the kiosk asks the allocator to return
its free pages (``malloc_trim``: a fraction of a millisecond); what stays resident is then what
is in use. Elsewhere (another C library, another system) both functions do nothing.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from typing import Any

_MALLINFO2 = (
    "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
    "keepcost",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class HeapUsage:
    """What the allocator holds: in use by the program, and free but kept."""

    in_use_kb: int
    kept_free_kb: int


@cache
def _libc() -> Any:
    """The C library's allocator calls, looked up at the first use (ctypes is no part of the
    start); None off Linux, or on a C library without them."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in _MALLINFO2]

    try:
        libc = ctypes.CDLL(None)  # the process's own symbols: the C library it runs on
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.malloc_trim.restype = ctypes.c_int
        libc.mallinfo2.restype = MallInfo2
    except AttributeError:  # not glibc, or a glibc before 2.33 (no mallinfo2)
        return None
    return libc


def give_back() -> bool:
    """Return the allocator's free pages to the system; True if it returned any."""
    libc = _libc()
    return bool(libc.malloc_trim(0)) if libc is not None else False


def heap_usage() -> HeapUsage | None:
    """The allocator's own account of its heap (every thread's), or None where it gives none."""
    libc = _libc()
    if libc is None:
        return None
    info = libc.mallinfo2()
    mapped = info.hblkhd  # large buffers with pages of their own: in use until freed
    return HeapUsage(in_use_kb=(info.uordblks + mapped) // 1024, kept_free_kb=info.fordblks // 1024)
