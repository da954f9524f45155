"""Is an ISO-BMFF file (HEIC/HEIF) all there? Its top-level boxes must end inside the bytes.

Why: libheif decodes a HEIC whose image data was cut off without a word — the missing
tiles come out blank (an iPhone photo cut to a tenth of its bytes was stored, 168 of 200
strips of it empty). A JPEG cut short fails in Pillow's decoder; a HEIC needs this check.
Each top-level box states its size (ISO/IEC 14496-12, 4.2): 32 bits, 1 = a 64-bit size
follows the type, 0 = up to the end of the file. Plain Python, no Flask.
"""
from __future__ import annotations

import struct


def boxes_complete(data: bytes) -> bool:
    """True when every top-level box lies within `data` and they cover it exactly."""
    offset = 0
    while offset < len(data):
        if len(data) - offset < 8:
            return False  # a header cut in half
        size, = struct.unpack_from(">I", data, offset)
        header = 8
        if size == 1:
            if len(data) - offset < 16:
                return False
            size, = struct.unpack_from(">Q", data, offset + 8)
            header = 16
        elif size == 0:
            return True  # the last box runs to the end of the file, however long
        if size < header or offset + size > len(data):
            return False
        offset += size
    return True
