#!/usr/bin/env python3
"""Draws AdvisorBot's two Teams icons (our own artwork) and writes them as PNG files.

color.png   192x192, full colour: a white speech bubble holding three dots on the accent blue.
outline.png  32x32, white on transparent, as Teams requires for the outline icon.

Only the standard library: shapes are sampled 4x4 per pixel for smooth edges and the PNG bytes
(signature, IHDR, IDAT, IEND with CRCs) are written by hand. Run: python3 make-icons.py
"""
import os
import struct
import zlib

ACCENT = (0x44, 0x64, 0xEE)
WHITE = (0xFF, 0xFF, 0xFF)


def rounded_rect(x, y, left, top, right, bottom, radius):
    if not (left <= x <= right and top <= y <= bottom):
        return False
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def triangle(x, y, a, b, c):
    def side(p, q, r):
        return (r[0] - q[0]) * (p[1] - q[1]) - (r[1] - q[1]) * (p[0] - q[0])
    d1, d2, d3 = side((x, y), a, b), side((x, y), b, c), side((x, y), c, a)
    negative = d1 < 0 or d2 < 0 or d3 < 0
    positive = d1 > 0 or d2 > 0 or d3 > 0
    return not (negative and positive)


def bubble(x, y, inset=0.0):
    """The speech bubble in a unit square, optionally shrunk by `inset` (for an outline)."""
    body = rounded_rect(x, y, 0.14 + inset, 0.20 + inset, 0.86 - inset, 0.70 - inset, 0.12 - inset / 2)
    tail = triangle(x, y, (0.30 + inset, 0.62), (0.28 + inset * 0.5, 0.86 - inset * 1.8), (0.48 - inset, 0.62))
    return body or tail


def dots(x, y):
    return any((x - cx) ** 2 + (y - 0.45) ** 2 <= 0.055 ** 2 for cx in (0.33, 0.50, 0.67))


def render(size, shade):
    """shade(x, y) -> (r, g, b, a) in a unit square; returns RGBA rows, 4x4 supersampled."""
    rows = []
    samples = [(i + 0.5) / 4 for i in range(4)]
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in samples:
                for sx in samples:
                    r, g, b, a = shade((px + sx) / size, (py + sy) / size)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            alpha = acc[3] / 16
            if acc[3]:
                row += bytes(round(acc[i] / acc[3]) for i in range(3))
            else:
                row += b"\0\0\0"
            row.append(round(alpha))
        rows.append(bytes(row))
    return rows


def color_shade(x, y):
    if bubble(x, y):
        return (*ACCENT, 255) if dots(x, y) else (*WHITE, 255)
    return (*ACCENT, 255)


def outline_shade(x, y):
    ring = bubble(x, y) and not bubble(x, y, inset=0.085)
    return (*WHITE, 255) if ring or dots(x, y) else (*WHITE, 0)


def png(rows, size):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\0" + row for row in rows)  # filter type 0 (None) on every scanline
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for name, size, shade in (("color.png", 192, color_shade), ("outline.png", 32, outline_shade)):
        with open(os.path.join(here, name), "wb") as file:
            file.write(png(render(size, shade), size))
        print(f"wrote {name} ({size}x{size})")
