"""A Chinese font for matplotlib, registered explicitly rather than trusted to its font cache.

matplotlib lists the system's fonts once, in a cache under ``~/.cache/matplotlib``, and never
looks again. On a machine where that cache was built before a CJK font was installed (a sample
run before the test command installed fonts-noto-cjk, a JupyterLab started before the font
package), every Chinese label becomes an empty box with a "Glyph … missing" warning. So the
kit looks for a CJK font file itself and adds it to matplotlib's font list when the cache does
not know one.
"""

from __future__ import annotations

from pathlib import Path

#: Families preferred for Chinese labels, best first (Linux, then the usual Windows/macOS ones).
FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans CJK JP", "Source Han Sans CN", "SimHei",
            "Microsoft YaHei", "PingFang SC", "WenQuanYi Zen Hei")
#: File names of those fonts as the system packages install them (lower case).
_FILE_HINTS = ("notosanscjk", "sourcehansans", "simhei", "msyh", "pingfang", "wqy-zenhei")


def _candidate_files() -> list[str]:
    from matplotlib import font_manager

    files = font_manager.findSystemFonts(fontext="ttf") + font_manager.findSystemFonts(fontext="otf")
    found = [f for f in files if any(h in Path(f).name.lower().replace("-", "").replace("_", "") for h in _FILE_HINTS)
             or Path(f).name.lower().startswith("wqy-zenhei")]
    # regular weight first, so the family is registered with its normal face
    return sorted(set(found), key=lambda f: ("regular" not in Path(f).name.lower(), f))


def cjk_family() -> str | None:
    """A font family matplotlib can draw Chinese with, registering a system font file if need be (None: none found)."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in FAMILIES:
        if family in known:
            return family
    for path in _candidate_files():
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):  # an unreadable font file: try the next
            continue
    known = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in FAMILIES if family in known), None)


def use_cjk_fonts() -> str | None:
    """Make matplotlib draw Chinese labels (``rcParams``): the family used, or None when the system has none."""
    import matplotlib

    family = cjk_family()
    fallbacks = [f for f in FAMILIES if f != family]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [*([family] if family else []), *fallbacks, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False  # U+2212 is missing from many CJK fonts
    return family
