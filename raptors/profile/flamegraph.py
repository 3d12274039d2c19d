"""Folded stacks -> flamegraph SVG, and `perf script` -> folded stacks.

py-spy (`--format raw`) and perf both end up as "frame;frame;frame count"
lines; one renderer draws both, so the two profilers' graphs read the same way.
Each box is a frame, its width the share of samples in which it was on the
stack; a box's children sit on top of it. Hover a box for its full name and
sample count.
"""

from __future__ import annotations

import hashlib
import re
from xml.sax.saxutils import escape

HOT_FRAME = "hot_loop"  # the driver's loop around the op: everything else is setup


def parse_folded(text: str) -> dict:
    stacks: dict = {}
    for line in text.splitlines():
        line = line.rstrip()
        if not line:
            continue
        stack, _, n = line.rpartition(" ")
        try:
            count = int(n)
        except ValueError:
            continue
        if stack:
            stacks[stack] = stacks.get(stack, 0) + count
    return stacks


def focus(stacks: dict, frame: str = HOT_FRAME) -> tuple:
    """Keep the stacks that pass through `frame`, cut at it. -> (stacks, kept, total)."""
    out: dict = {}
    total = sum(stacks.values())
    kept = 0
    for stack, n in stacks.items():
        frames = stack.split(";")
        idx = next((i for i, f in enumerate(frames) if f.split(" (")[0] == frame), None)
        if idx is None:
            continue
        key = ";".join(frames[idx:])
        out[key] = out.get(key, 0) + n
        kept += n
    return out, kept, total


def collapse_perf_script(text: str) -> dict:
    """Fold the sample blocks of `perf script` output (innermost frame first)."""
    stacks: dict = {}
    frames: list = []
    head = None

    def flush():
        if head is not None and frames:
            key = ";".join(reversed(frames))
            stacks[key] = stacks.get(key, 0) + 1

    for line in text.splitlines():
        if not line.strip():
            flush()
            frames, head = [], None
            continue
        if not line[0].isspace():
            flush()
            frames, head = [], line
            continue
        m = re.match(r"^\s*[0-9a-f]+\s+(.+?)\s+\((.*)\)\s*$", line)
        if not m:
            continue
        sym, obj = m.group(1), m.group(2)
        sym = re.sub(r"\+0x[0-9a-f]+$", "", sym)
        if sym == "[unknown]":
            sym = f"[{obj.rsplit('/', 1)[-1]}]"
        frames.append(sym)
    flush()
    return stacks


class _Node:
    __slots__ = ("name", "count", "children")

    def __init__(self, name):
        self.name = name
        self.count = 0
        self.children = {}


def _tree(stacks: dict) -> _Node:
    root = _Node("all")
    for stack, n in stacks.items():
        root.count += n
        node = root
        for f in stack.split(";"):
            node = node.children.setdefault(f, _Node(f))
            node.count += n
    return root


def _color(name: str) -> str:
    """Warm hues for native code, blue for raptors, green for NumPy, so the
    library that owns a frame is visible at a glance."""
    h = int(hashlib.md5(name.encode()).hexdigest()[:6], 16)
    j = (h % 1000) / 1000
    low = name.lower()
    if "raptors" in low or re.search(r"\brp_", low):
        return f"rgb({int(60 + 50 * j)},{int(120 + 60 * j)},230)"
    if "numpy" in low or "multiarray" in low or re.match(r"^[A-Z]+_", name):
        return f"rgb({int(80 + 50 * j)},{int(190 + 50 * j)},{int(80 + 40 * j)})"
    if ".py:" in name or "(<frozen" in name:
        return f"rgb({int(220 + 30 * j)},{int(200 + 40 * j)},{int(60 + 40 * j)})"
    return f"rgb({int(225 + 30 * j)},{int(90 + 90 * j)},{int(40 + 40 * j)})"


def render_svg(stacks: dict, title: str, subtitle: str = "", width: int = 1200) -> str:
    root = _tree(stacks)
    row, pad, top = 16, 10, 50
    depth = [0]

    def measure(node, d):
        depth[0] = max(depth[0], d)
        for c in node.children.values():
            measure(c, d + 1)

    measure(root, 0)
    height = top + (depth[0] + 1) * row + 2 * pad
    total = max(root.count, 1)
    scale = (width - 2 * pad) / total
    out = [
        '<?xml version="1.0" standalone="no"?>',
        f'<svg version="1.1" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="Verdana, sans-serif" font-size="11">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#f8f8f0"/>',
        f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="15">{escape(title)}</text>',
        f'<text x="{width / 2}" y="38" text-anchor="middle" fill="#555">{escape(subtitle)}</text>',
    ]

    def draw(node, x, d):
        w = node.count * scale
        if w < 0.3:
            return
        y = height - pad - (d + 1) * row
        pct = 100.0 * node.count / total
        label = escape(node.name)
        out.append(
            f"<g><title>{label} ({node.count} samples, {pct:.2f}%)</title>"
            f'<rect x="{x:.2f}" y="{y}" width="{w:.2f}" height="{row - 1}" '
            f'fill="{_color(node.name)}" rx="2"/>'
        )
        chars = int((w - 6) / 6.5)
        if chars >= 3:
            text = node.name if len(node.name) <= chars else node.name[: chars - 2] + ".."
            out.append(f'<text x="{x + 3:.2f}" y="{y + row - 4}">{escape(text)}</text>')
        out.append("</g>")
        cx = x
        for c in sorted(node.children.values(), key=lambda c: c.name):
            draw(c, cx, d + 1)
            cx += c.count * scale

    draw(root, pad, 0)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def top_frames(stacks: dict, n: int = 10) -> list:
    """Leaf frames by samples: where the CPU actually was."""
    leaf: dict = {}
    total = sum(stacks.values()) or 1
    for stack, c in stacks.items():
        f = stack.rsplit(";", 1)[-1]
        leaf[f] = leaf.get(f, 0) + c
    return [(f, c, 100.0 * c / total) for f, c in sorted(leaf.items(), key=lambda t: -t[1])[:n]]
