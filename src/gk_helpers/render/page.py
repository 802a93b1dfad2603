"""The report pages assembled straight from an executed notebook, byte for byte as nbconvert makes them.

``jupyter nbconvert --to gk-report`` renders the ``gk-report`` template through nbconvert's
machinery: a deep copy of the notebook, a dozen preprocessors, the Jinja template, then the
HTML exporter's BeautifulSoup pass (``html.parser`` parse and ``str(soup)``), which normalises
the markup (attributes sorted, void tags written ``<br/>``, entities re-escaped). On a report
that is most of a batch's export time. ``assemble`` does what the template does for the
outputs a report notebook has, and ``normalize`` what the BeautifulSoup pass does for the markup
the kit's templates write; each says ``None`` (the caller then takes nbconvert's way) for
anything outside that, so the page is the same bytes either way (tests/test_page.py compares
them on every sample report and on generated markup).
"""

from __future__ import annotations

import functools
import html
import re

from .html import PUBLIC_MIMETYPE
from .notebook_outputs import DATA_MIMETYPE, REVIEW_MIMETYPE, REVIEW_TAG

#: nbconvert's HTML display priority: an output shows only its first type of these (text/html is the one drawn).
_PRIORITY = ("application/vnd.jupyter.widget-view+json", "application/javascript", "text/html")


def frame(template, title: str, css: str, review: bool = False, summary: str = "") -> tuple[str, str]:
    """The ``header`` (title and stylesheet filled in; on the review page, the summary at the top of ``<main>``) and
    ``footer`` blocks of the ``gk-report`` template, rendered by the template itself (``template``: the exporter's
    loaded Jinja template), so the page has one source for them."""
    resources = {"gk_title": title, "gk_css": css, "gk_review": review, "gk_summary": summary}
    context = template.new_context({"resources": resources})
    return "".join(template.blocks["header"](context)), "".join(template.blocks["footer"](context))


def assemble(nb, header: str, footer: str, review: bool) -> str | None:
    """The ``gk-report`` template's output for ``nb`` (before nbconvert's HTML pass), or None when unsure.

    ``header`` and ``footer`` are the template's own (``frame``); the outputs between them are placed as its
    ``display_data`` and ``data_html`` blocks place them.
    """
    parts = [header]
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        if not review and REVIEW_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") != "display_data":
                continue
            data = output.get("data", {})
            if review and REVIEW_MIMETYPE in data:
                parts.append(data[REVIEW_MIMETYPE] + "\n")
                continue
            if DATA_MIMETYPE in data:
                continue
            first = next((t for t in _PRIORITY if t in data), None)
            if first is None:
                if any(not t.startswith(("text/plain", "application/vnd.gk")) for t in data):
                    return None  # an image, markdown…: nbconvert decides what (nothing, here) is drawn
                continue
            if first != "text/html":
                return None  # widgets and scripts: nbconvert's filters decide
            parts.append(data.get(PUBLIC_MIMETYPE, data["text/html"]) + "\n")
    parts.append(footer)
    return "".join(parts)


# ---- BeautifulSoup's html.parser + str(soup), for the markup the kit writes ------------------------------

_VOID = frozenset("area base br col embed hr img input keygen link menuitem meta param source track wbr basefont "
                  "bgsound command frame image isindex nextid spacer".split())
#: Attributes BeautifulSoup keeps as whitespace-separated lists (re-joined by single spaces).
_LIST_ATTRIBUTES = {"*": {"class", "accesskey", "dropzone"}, "a": {"rel", "rev"}, "link": {"rel", "rev"},
                    "td": {"headers"}, "th": {"headers"}, "form": {"accept-charset"}, "object": {"archive"},
                    "area": {"rel"}, "icon": {"sizes"}, "iframe": {"sandbox"}, "output": {"for"}}
_RAW_TEXT = frozenset(("style", "script"))
#: Inside these a whitespace-only text stays as it is; elsewhere BeautifulSoup collapses it to one newline or space.
_KEEP_WHITESPACE = frozenset(("pre", "textarea"))
_ASCII_SPACES = str.maketrans("", "", " \n\t\f\r")
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)((?:\s+[a-z_:][-a-z0-9_:.]*(?:=\"[^\"]*\"|='[^']*')?)*)\s*(/?)>")
_ATTRIBUTE = re.compile(r"\s+([a-z_:][-a-z0-9_:.]*)(?:=\"([^\"]*)\"|='([^']*)')?")
#: The character references a text may hold (anything else: BeautifulSoup's own rules apply).
_TEXT_REF = re.compile(r"&(?:(amp|lt|gt|quot|apos|nbsp)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\xa0"}


@functools.lru_cache(maxsize=8192)  # a report's markup repeats its cells' texts and tags many times over
def _text(raw: str, keep_whitespace: bool) -> str | None:
    """A text node as BeautifulSoup re-writes it (references decoded, then ``& < >`` escaped), or None.
    ``keep_whitespace``: inside ``<pre>`` or ``<textarea>``."""
    if "<" in raw or ">" in raw or "\r" in raw:
        return None
    out, last = [], 0
    for match in _TEXT_REF.finditer(raw):
        if "&" in raw[last:match.start()]:
            return None
        out.append(raw[last:match.start()])
        name, decimal, hexadecimal = match.groups()
        if name:
            out.append(_NAMED[name])
        else:
            code = int(decimal) if decimal else int(hexadecimal, 16)
            if code == 0 or 0x80 <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                return None  # html.parser's replacements for these are its own
            out.append(chr(code))
        last = match.end()
    if "&" in raw[last:]:
        return None
    out.append(raw[last:])
    text = "".join(out)
    if not text.translate(_ASCII_SPACES) and not keep_whitespace:
        return "\n" if "\n" in text else " "
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(tag: str, name: str, value: str) -> str:
    if name in _LIST_ATTRIBUTES["*"] or name in _LIST_ATTRIBUTES.get(tag, ()):
        value = " ".join(value.split())
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if '"' in value:
        if "'" in value:
            return f'{name}="{value.replace(chr(34), "&quot;")}"'
        return f"{name}='{value}'"
    return f'{name}="{value}"'


@functools.lru_cache(maxsize=8192)
def _start_tag(tag: str, attributes: str) -> str | None:
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(attributes):
        name, double, single = match.groups()
        if name in found:
            return None  # BeautifulSoup keeps the last; rare enough to leave to it
        raw = double if double is not None else single if single is not None else ""
        found[name] = html.unescape(raw)
    rendered = "".join(" " + _attribute(tag, name, found[name]) for name in sorted(found))
    return f"<{tag}{rendered}/>" if tag in _VOID else f"<{tag}{rendered}>"


def normalize(page: str) -> str | None:
    """``str(BeautifulSoup(page, "html.parser"))`` for well-formed kit markup, or None for anything else.

    Accepted: one leading ``<!DOCTYPE html>``, lower-case tags with double- or single-quoted
    attributes, every element closed in order (void elements never), text with ``&amp;``-style
    references, ``<style>`` content without ``<``. Comments, scripts, stray ``<`` or ``&``,
    mismatched tags and the like return None.
    """
    out, stack, position = [], [], 0
    if page.startswith("<!DOCTYPE html>"):
        out.append("<!DOCTYPE html>\n")  # BeautifulSoup's Doctype always ends in a newline of its own
        position = len("<!DOCTYPE html>")
    for match in _TAG.finditer(page, position):
        text = page[position:match.start()]
        if text:
            if stack and stack[-1] in _RAW_TEXT:
                if "<" in text:
                    return None
                out.append(text)
            else:
                rendered = _text(text, not _KEEP_WHITESPACE.isdisjoint(stack))
                if rendered is None:
                    return None
                out.append(rendered)
        closing, tag, attributes, self_closing = match.groups()
        if stack and stack[-1] in _RAW_TEXT and not (closing and tag == stack[-1]):
            return None  # markup inside a stylesheet: html.parser reads it as text
        if closing:
            if attributes.strip() or self_closing or not stack or stack[-1] != tag:
                return None
            stack.pop()
            out.append(f"</{tag}>")
        else:
            if self_closing and tag not in _VOID:
                return None
            rendered = _start_tag(tag, attributes)
            if rendered is None:
                return None
            out.append(rendered)
            if tag not in _VOID:
                stack.append(tag)
        position = match.end()
    rest = page[position:]
    tail = _text(rest, not _KEEP_WHITESPACE.isdisjoint(stack)) if rest else ""
    if stack or tail is None:
        return None
    out.append(tail)
    return "".join(out)
