"""Between guests the kiosk gives the system back what the C allocator keeps free: memory a sale
freed is no longer resident afterwards, and the allocator's own account says what is in use."""

from __future__ import annotations

import ctypes

import pytest

from kiosk.ui import allocator
from tests.benchmarks.harness import rss_kb

pytestmark = pytest.mark.skipif(
    allocator.heap_usage() is None, reason="the allocator gives no account of itself here"
)

BLOCK = 64 * 1024  # below glibc's threshold for a buffer of its own: from the heap
BLOCKS = 480  # 30 MB


def test_memory_freed_inside_the_heap_goes_back_to_the_system() -> None:
    libc = ctypes.CDLL(None)  # the C library the process runs on
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    before = allocator.heap_usage()
    assert before is not None
    blocks = [libc.malloc(BLOCK) for _ in range(BLOCKS)]
    assert all(blocks)
    for block in blocks:
        ctypes.memset(block, 1, BLOCK)  # resident, as a sale's buffers are
    in_use = allocator.heap_usage()
    assert in_use is not None
    assert in_use.in_use_kb - before.in_use_kb >= BLOCK * BLOCKS // 1024 * 9 // 10
    for block in blocks[:-1]:  # the last stays: it holds the heap's top where it is
        libc.free(block)
    freed = allocator.heap_usage()
    assert freed is not None
    assert freed.kept_free_kb - in_use.kept_free_kb >= BLOCK * (BLOCKS - 1) // 1024 * 9 // 10
    resident = rss_kb()
    try:
        assert allocator.give_back()
        assert resident - rss_kb() >= BLOCK * BLOCKS // 1024 // 2
    finally:
        libc.free(blocks[-1])
