"""Disassembly of the hot kernels and a histogram of their instruction classes.

Two views, both side by side for raptors and NumPy:
- static: every instruction of the kernels (raptors: by symbol name, see
  KERNEL_WORDS; both libraries: the hottest functions of a callgrind run);
- executed: the same instructions weighted by how often callgrind saw each one
  run per call, i.e. the instruction mix the CPU actually retires.

The classifier reads objdump's AT&T x86-64 syntax and its aarch64 syntax (NEON
v/q registers, SVE z registers).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

# Words a raptors kernel symbol contains for each suite op (kernels are named
# <op>_<dtype>_<isa>; the reductions may be written as sum or as a generic
# reduce, and mean is a sum followed by a division).
KERNEL_WORDS = {
    "sum": ("sum", "reduce", "add_reduce", "pairwise"),
    "mean": ("sum", "mean", "reduce", "add_reduce", "pairwise"),
    "mean_axis0": ("sum", "mean", "reduce", "add_reduce", "accumulate", "add"),
    "mean_axis1": ("sum", "mean", "reduce", "add_reduce", "pairwise"),
    "broadcast_add": ("add",),
    "scale": ("mul", "multiply", "scale"),
}

DTYPE_WORDS = {
    "float64": ("f64", "double", "float64"),
    "float32": ("f32", "float", "float32"),
    "int64": ("i64", "int64", "long"),
    "int32": ("i32", "int32", "int"),
}

ISA_WORDS = ("baseline", "avx2", "avx512", "neon", "sse", "sve")

# ---------------------------------------------------------------- classifier

KINDS = (
    "load",
    "store",
    "non-temporal store",
    "non-temporal load",
    "gather",
    "add/sub",
    "mul",
    "fma",
    "div/sqrt",
    "horizontal",
    "shuffle/broadcast",
    "compare/min/max",
    "logic",
    "convert",
    "other vector",
    "prefetch",
    "int alu",
    "branch",
    "call/ret",
    "other",
)
WIDTHS = ("scalar", "SSE/128", "AVX/256", "AVX-512", "NEON", "SVE")

_X86_PREFIXES = (
    "lock",
    "rep",
    "repz",
    "repe",
    "repnz",
    "repne",
    "notrack",
    "bnd",
    "data16",
    "cs",
    "ds",
    "es",
    "ss",
    "fs",
    "gs",
    "addr32",
)


def _x86_width(mn: str, ops: str) -> str:
    if "%zmm" in ops or "%k" in ops and mn.startswith("v"):
        return "AVX-512"
    if "%ymm" in ops:
        return "AVX/256"
    if "%xmm" in ops:
        # Scalar SSE arithmetic lives in xmm registers too.
        base = mn[1:] if mn.startswith("v") else mn
        if (
            re.search(r"(ss|sd|sh)$", base)
            and not base.startswith(("pmov", "movsh"))
            or base in ("movd", "movq")
            or base.startswith(("cvtsi", "ucomis", "comis"))
        ):
            return "scalar"
        return "SSE/128"
    return "scalar"


def _mem(operand: str) -> bool:
    return "(" in operand or re.match(r"^-?0x[0-9a-f]+$", operand) is not None


def _split_ops(ops: str) -> list:
    out, depth, cur = [], 0, ""
    for ch in ops:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def classify_x86(mn: str, ops: str) -> tuple:
    """(kind, width) of one x86-64 instruction in AT&T syntax."""
    mn = mn.lower()
    ops = ops.split("#")[0].split("<")[0].strip()
    width = _x86_width(mn, ops)
    args = _split_ops(ops)
    if mn.startswith("prefetch"):
        return "prefetch", "scalar"
    if mn.startswith("j") or mn in ("loop", "loope", "loopne"):
        return "branch", "scalar"
    if mn.startswith(("call", "ret")):
        return "call/ret", "scalar"
    vector = width != "scalar" or "%xmm" in ops
    b = mn[1:] if mn.startswith("v") and vector else mn
    if not vector:
        if re.match(r"^(mov|movz|movs|cmov)", mn) and args:
            if _mem(args[-1]):
                return ("non-temporal store" if mn == "movnti" else "store"), "scalar"
            if any(_mem(a) for a in args[:-1]):
                return "load", "scalar"
            return "int alu", "scalar"
        if mn.startswith("push"):
            return "store", "scalar"
        if mn.startswith("pop"):
            return "load", "scalar"
        if mn in ("endbr64", "int3", "hlt", "ud2", "xchg") or mn.startswith(("nop", "vzero")):
            return "other", "scalar"
        return "int alu", "scalar"
    # vector (or scalar-FP in vector registers)
    if b.startswith(("movnt",)):
        return ("non-temporal load" if b == "movntdqa" else "non-temporal store"), width
    if b.startswith(("gather", "pgather")):
        return "gather", width
    if b.startswith(("fmadd", "fmsub", "fnmadd", "fnmsub", "fmaddsub", "fmsubadd")):
        return "fma", width
    if b.startswith(("broadcast", "pbroadcast")):
        return "shuffle/broadcast", width
    if re.match(
        r"^(mov(a|u)p[sd]|movdq[au](8|16|32|64)?|movs[sd]|movd|movq|lddqu|maskmov|"
        r"pmaskmov|movup|movap|movs[hl]dup|movddup|movhp|movlp)",
        b,
    ):
        if b.startswith(("movshdup", "movsldup", "movddup")):
            return "shuffle/broadcast", width
        if args and _mem(args[-1]):
            return "store", width
        if any(_mem(a) for a in args[:-1]):
            return "load", width
        return "other vector", width
    if b.startswith(("hadd", "hsub", "phadd", "phsub", "psad")):
        return "horizontal", width
    if re.match(r"^(add|sub|padd|psub)", b):
        return "add/sub", width
    if re.match(r"^(mul|pmul|pmadd)", b):
        return "mul", width
    if re.match(r"^(div|sqrt|rcp|rsqrt)", b):
        return "div/sqrt", width
    if re.match(
        r"^(shuf|perm|unpck|punpck|pshuf|palign|blend|pblend|insert|extract|pinsr|pextr|"
        r"movhlps|movlhps|pack|compress|expand|align|valign)",
        b,
    ):
        return "shuffle/broadcast", width
    if re.match(r"^(cmp|pcmp|max|min|pmax|pmin|ucomi|comi|ptest|test)", b):
        return "compare/min/max", width
    if re.match(r"^(and|or|xor|pand|por|pxor|pandn|andn|pternlog|psll|psrl|psra)", b):
        return "logic", width
    if b.startswith(("cvt", "pmovzx", "pmovsx")):
        return "convert", width
    return "other vector", width


_A64_VREG = re.compile(r"\bv\d+\.(\d*)[bhsd]\b|\bq\d+\b")
_A64_SVE = re.compile(r"\bz\d+\.|\bp\d+/[zm]")
_A64_FPREG = re.compile(r"\b[bhsd]\d+\b")


def classify_aarch64(mn: str, ops: str) -> tuple:
    """(kind, width) of one aarch64 instruction in objdump syntax."""
    mn = mn.lower()
    ops = ops.split("//")[0].split("<")[0].strip()
    if _A64_SVE.search(ops):
        width = "SVE"
    elif _A64_VREG.search(ops):
        width = "NEON"
    else:
        width = "scalar"
    fp_scalar = width == "scalar" and _A64_FPREG.search(ops) is not None
    if mn.startswith(("prfm", "prfum")):
        return "prefetch", "scalar"
    if mn in ("b", "br", "cbz", "cbnz", "tbz", "tbnz") or mn.startswith("b."):
        return "branch", "scalar"
    if mn in ("bl", "blr", "ret"):
        return "call/ret", "scalar"
    if mn.startswith("ldnp"):
        return "non-temporal load", width
    if mn.startswith("stnp"):
        return "non-temporal store", width
    if re.match(r"^ld[1-4]r?$", mn) and "r" in mn[2:]:
        return "shuffle/broadcast", width  # ld1r: load and replicate
    if re.match(r"^(ld[1-4]|ldr|ldur|ldp|ldar|ldxr|ldax)", mn):
        return "load", width
    if re.match(r"^(st[1-4]|str|stur|stp|stlr|stxr|stlx)", mn):
        return "store", width
    if width == "scalar" and not fp_scalar:
        if mn in ("nop", "hint", "bti", "paciasp", "autiasp"):
            return "other", "scalar"
        return "int alu", "scalar"
    if re.match(r"^(fmla|fmls|fmadd|fmsub|fnmadd|fnmsub|mla|mls|sdot|udot|bfdot|bfmla)", mn):
        return "fma", width
    if re.match(
        r"^(faddp|addp|addv|faddv|fmaxv|fminv|fmaxnmv|fminnmv|saddlv|uaddlv|smaxv|sminv|"
        r"umaxv|uminv|saddlp|uaddlp|sadalp|uadalp|fadda)$",
        mn,
    ):
        return "horizontal", width
    if re.match(
        r"^(fadd|fsub|add|sub|sqadd|uqadd|sqsub|uqsub|saddl|uaddl|saddw|uaddw|fabd|"
        r"abs|neg|fneg|fabs)",
        mn,
    ):
        return "add/sub", width
    if re.match(r"^(fmul|mul|smull|umull|pmul|sqdmul|fmulx)", mn):
        return "mul", width
    if re.match(r"^(fdiv|fsqrt|frecpe|frsqrte|frecps|frsqrts)", mn):
        return "div/sqrt", width
    if re.match(r"^(dup|zip|uzp|trn|ext|tbl|tbx|ins|mov|rev|xtn|uzp|splice|sel)", mn):
        return "shuffle/broadcast", width
    if re.match(r"^(fcm|cm|fmax|fmin|smax|smin|umax|umin|fcmp|fccmp|fcsel|bsl|bit|bif)", mn):
        return "compare/min/max", width
    if re.match(r"^(and|orr|eor|bic|orn|not|shl|ushr|sshr|ushl|sshl|sli|sri)", mn):
        return "logic", width
    if re.match(r"^(fcvt|scvtf|ucvtf|sxtl|uxtl|shll|fcvtz|frint)", mn):
        return "convert", width
    if mn.startswith("fmov"):
        return "other vector", width
    return "other vector", width


# ---------------------------------------------------------------- objdump text

_HDR = re.compile(r"^([0-9a-f]+) <(.+)>:\s*$")
_INS = re.compile(r"^\s*([0-9a-f]+):\s*(.*)$")
_RAW = re.compile(r"(?:[0-9a-f]{2} )*[0-9a-f]{2}|[0-9a-f]{8}")


@dataclass
class Insn:
    addr: int
    mnemonic: str
    operands: str
    symbol: str


def detect_arch(text: str) -> str:
    m = re.search(r"file format (\S+)", text)
    if m:
        return "aarch64" if "aarch64" in m.group(1) or "arm64" in m.group(1) else "x86_64"
    return "aarch64" if re.search(r"\bv\d+\.\d*[bhsd]\b|\bx\d+\b|\bld1\b", text) else "x86_64"


def parse_objdump(text: str) -> list:
    insns, sym = [], ""
    for line in text.splitlines():
        h = _HDR.match(line)
        if h:
            sym = h.group(2)
            continue
        m = _INS.match(line)
        if not m or not sym:
            continue
        fields = [f.strip() for f in m.group(2).split("\t")]
        fields = [f for f in fields if f]
        # With raw bytes shown, the first field is the encoding; a line with
        # nothing else is the tail of a long x86 encoding.
        if fields and _RAW.fullmatch(fields[0]):
            fields = fields[1:]
        if not fields:
            continue
        text_ins = " ".join(fields)
        if text_ins.startswith(("(bad)", "...")):
            continue
        words = text_ins.split(None, 1)
        mn = words[0]
        ops = words[1] if len(words) > 1 else ""
        while mn in _X86_PREFIXES and ops:
            w = ops.split(None, 1)
            mn, ops = w[0], (w[1] if len(w) > 1 else "")
        insns.append(Insn(int(m.group(1), 16), mn, ops.strip(), sym))
    return insns


def classify(insn: Insn, arch: str) -> tuple:
    if arch == "aarch64":
        return classify_aarch64(insn.mnemonic, insn.operands)
    return classify_x86(insn.mnemonic, insn.operands)


def histogram(insns: list, arch: str, weights: dict | None = None) -> dict:
    """{'kind|width': count}; with weights (address -> executions) an executed mix."""
    h: dict = {}
    for i in insns:
        w = 1.0 if weights is None else weights.get(i.addr, 0.0)
        if not w:
            continue
        kind, width = classify(i, arch)
        key = f"{kind}|{width}"
        h[key] = h.get(key, 0) + w
    return h


def vector_share(h: dict) -> float:
    tot = sum(h.values())
    vec = sum(v for k, v in h.items() if k.split("|")[1] not in ("scalar",))
    return vec / tot if tot else 0.0


def widest(h: dict) -> str:
    order = {w: i for i, w in enumerate(WIDTHS)}
    ws = [k.split("|")[1] for k, v in h.items() if v]
    return max(ws, key=lambda w: order.get(w, 0)) if ws else "none"


# ---------------------------------------------------------------- symbols and objects


@dataclass
class Symbol:
    name: str
    addr: int
    size: int


def symbols(path: str) -> list:
    """Function symbols with sizes (static ones too, when the object is not stripped)."""
    out = []
    for flags in (["-S", "--defined-only"], ["-S", "--defined-only", "-D"]):
        r = subprocess.run(["nm", *flags, path], capture_output=True, text=True)
        for line in r.stdout.splitlines():
            p = line.split()
            if len(p) == 4 and p[2].lower() == "t":
                out.append(Symbol(p[3], int(p[0], 16), int(p[1], 16)))
        if out:
            break
    return out


def disassemble(path: str, start: int, stop: int) -> str:
    r = subprocess.run(
        [
            "objdump",
            "-d",
            "--no-show-raw-insn",
            f"--start-address={start:#x}",
            f"--stop-address={stop:#x}",
            path,
        ],
        capture_output=True,
        text=True,
    )
    return r.stdout


def object_arch(path: str) -> str:
    r = subprocess.run(["objdump", "-f", path], capture_output=True, text=True)
    return detect_arch(r.stdout)


def _tokens(name: str) -> list:
    base = name.split(".")[0]  # drop .isra.0, .constprop.1, .part.0
    return [t for t in re.split(r"[_\W]+", base.lower()) if t]


_ALL_DTYPE_WORDS = {w for ws in DTYPE_WORDS.values() for w in ws} | {
    "bool",
    "int8",
    "int16",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float16",
    "f16",
    "complex64",
    "complex128",
    "i8",
    "i16",
    "u8",
    "u16",
    "u32",
    "u64",
}


def match_kernels(syms: list, op: str, dtype: str | None = None) -> list:
    """raptors kernel symbols for op (and dtype), by the words in their names.
    A name without any dtype word (a dtype-generic kernel) matches every dtype."""
    words = KERNEL_WORDS[op]
    dwords = DTYPE_WORDS.get(dtype, ()) if dtype else ()
    copies: dict = {}
    for s in syms:
        base = s.name.split(".")[0]
        copies[base] = copies.get(base, 0) + 1
    out = []
    for s in syms:
        toks = _tokens(s.name)
        joined = "_".join(toks)
        if not any(w in toks or (("_" in w) and w in joined) for w in words):
            continue
        named = [t for t in toks if t in _ALL_DTYPE_WORDS]
        if dwords and named and not any(d in toks for d in dwords):
            continue
        # Registration and set-up code mentions the op too, but is not a kernel.
        if s.name.startswith(("Py", "_Py", "rp_py", "PyInit", "rp_fill_")) or toks[-1] in (
            "init",
            "register",
            "fill",
        ):
            continue
        out.append(s)
    # Kernels are compiled once per ISA, so they come in several copies (or
    # carry an ISA suffix); single-copy matches are the Python layer and the
    # core (method wrappers, drivers), not kernels. A build with one ISA only
    # has no such signal: keep everything then.
    per_isa = [
        s
        for s in out
        if copies[s.name.split(".")[0]] > 1 or any(t in ISA_WORDS for t in _tokens(s.name))
    ]
    return per_isa or out


def isa_of(name: str, insns: list | None = None) -> str:
    """The ISA a kernel was compiled for: from its name's suffix when it has
    one, else from the widest registers it uses (static kernels compiled once
    per ISA share one name)."""
    toks = _tokens(name)
    for t in reversed(toks):
        if t in ISA_WORDS:
            return t
    if not insns:
        return "other"
    text = " ".join(i.operands for i in insns)
    if "%zmm" in text:
        return "avx512"
    if "%ymm" in text:
        return "avx2"
    if _A64_SVE.search(text):
        return "sve"
    if _A64_VREG.search(text):
        return "neon"
    return "baseline"


def extract(path: str, syms: list) -> tuple:
    """-> (objdump text of those symbols, parsed instructions)."""
    texts, insns = [], []
    for s in sorted(syms, key=lambda s: s.addr):
        if s.size <= 0:
            continue
        t = disassemble(path, s.addr, s.addr + s.size)
        body = (
            t[t.find("\n\n", t.find("Disassembly of section")) + 2 :] if "Disassembly" in t else t
        )
        texts.append(body.strip() + "\n")
        insns.extend(parse_objdump(t))
    return "\n".join(texts), insns


def have_tools() -> list:
    return [t for t in ("objdump", "nm") if shutil.which(t) is None]


def symbols_for_hot(path: str, hot_names: list, hot_addrs: dict) -> list:
    """Symbols of the hottest functions: by name, or (stripped objects, where
    callgrind names code by address) by the range of addresses it saw run."""
    syms = symbols(path)
    by_name: dict = {}
    for s in syms:
        by_name.setdefault(s.name, []).append(s)
    out = []
    for name in hot_names:
        ran = hot_addrs.get(name) or []
        cands = by_name.get(name, [])
        if cands:
            # Kernels compiled once per ISA share a name: keep the copies that ran.
            hit = [c for c in cands if any(c.addr <= a < c.addr + c.size for a in ran)]
            out.extend(hit or cands[:1])
            continue
        if ran:
            lo, hi = min(ran), max(ran)
            out.append(Symbol(name, lo, hi - lo + 16))
    return out


def fmt_int(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 10 or v == int(v) else f"{v:,.1f}"


def histogram_table(columns: dict) -> str:
    """Markdown: rows = instruction class, one column per histogram."""
    keys = set()
    for h in columns.values():
        keys.update(k for k, v in h.items() if v)
    kord = {k: i for i, k in enumerate(KINDS)}
    word = {w: i for i, w in enumerate(WIDTHS)}
    rows = sorted(
        keys,
        key=lambda k: (
            word.get(k.split("|")[1], 9) == 0,
            kord.get(k.split("|")[0], 99),
            word.get(k.split("|")[1], 9),
        ),
    )
    names = list(columns)
    lines = ["| class | width | " + " | ".join(names) + " |", "|---|---|" + "---:|" * len(names)]
    tots = {n: sum(columns[n].values()) for n in names}
    for k in rows:
        kind, width = k.split("|")
        cells = []
        for n in names:
            v = columns[n].get(k, 0)
            cells.append(f"{fmt_int(v)} ({100 * v / tots[n]:.0f}%)" if v and tots[n] else "")
        lines.append(f"| {kind} | {width} | " + " | ".join(cells) + " |")
    lines.append("| **total** | | " + " | ".join(fmt_int(tots[n]) for n in names) + " |")
    lines.append(
        "| **vector share** | | "
        + " | ".join(f"{100 * vector_share(columns[n]):.0f}%" for n in names)
        + " |"
    )
    lines.append("| **widest** | | " + " | ".join(widest(columns[n]) for n in names) + " |")
    return "\n".join(lines) + "\n"
