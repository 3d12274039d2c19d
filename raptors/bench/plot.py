"""--plot: speedup per row, the 1.0 line, and where the memory limit would be.

matplotlib is an optional extra (pip install raptors-ndarray[plot]).
"""

from __future__ import annotations


def limit_speedup(row: dict) -> float | None:
    """The speedup raptors would show if it ran exactly at its bandwidth floor."""
    bw = row.get("bandwidth") or {}
    threads = row.get("raptors_floor_threads") or 1
    floor = bw.get("floor_nt_s") if threads > 1 else bw.get("floor_1t_s")
    if not floor or not row.get("numpy"):
        return None
    return row["numpy"]["median_s"] / floor


def plot(doc: dict, path: str) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise RuntimeError("--plot needs matplotlib: pip install 'raptors-ndarray[plot]'") from exc
    from .report import row_label

    rows = doc["rows"]
    labels = [f"{r['suite']}: {row_label(r)}" for r in rows]
    speed = [r["speedup"] if r["status"] == "ok" else None for r in rows]
    limits = [limit_speedup(r) for r in rows]
    height = max(3.0, 0.22 * len(rows) + 1.2)
    fig, ax = plt.subplots(figsize=(9, height))
    ys = list(range(len(rows)))[::-1]
    shown = [v for v in speed + limits if v] + [1.0]
    lo, hi = min(shown) / 1.5, max(shown) * 1.5
    bars = [(y, s) for y, s in zip(ys, speed) if s]
    # bars start at the left edge: on a log axis there is no zero
    ax.barh(
        [y for y, _ in bars],
        [s - lo for _, s in bars],
        left=lo,
        height=0.7,
        color=["#2a7" if s >= 1.0 else "#c33" for _, s in bars],
    )
    lim = [(y, v) for y, v in zip(ys, limits) if v]
    if lim:
        ax.scatter(
            [v for _, v in lim],
            [y for y, _ in lim],
            marker="|",
            s=120,
            color="k",
            zorder=3,
            label="bandwidth limit (numpy time / floor)",
        )
    ax.axvline(1.0, color="k", linewidth=1, linestyle="--", label="1.0 = NumPy")
    for y, r in zip(ys, rows):
        if r["status"] != "ok":
            ax.text(lo * 1.05, y, r["status"], va="center", fontsize=7, color="#555")
    ax.set_xlim(lo, hi)
    ax.set_yticks(ys)
    ax.set_yticklabels(labels, fontsize=7)
    ax.set_xscale("log")
    ax.set_xlabel("speedup (NumPy time / raptors time), log scale")
    gm = doc["summary"].get("geomean_speedup")
    title = "raptors vs NumPy " + doc["numpy"]["version"]
    if gm:
        title += f" - geomean {gm:.2f}x"
    ax.set_title(f"{title}\n{doc['machine']['cpu_model']}", fontsize=9)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
