"""Read corpus files into LangChain Documents, or say by name why a file cannot be read.

Markdown (with or without YAML front matter), plain text, HTML (visible text only,
headings kept as Markdown headings so sections survive) and PDF (one Document per page).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from langchain_core.documents import Document

from carveout.models import DocMeta

SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf"}
FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)


class UnreadableFile(Exception):
    """A file that is skipped; the message says why, in words a user can act on."""


def read_file(path: Path, max_mb: float = 20.0) -> list[Document]:
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("the file is empty")
    if size > max_mb * 1024 * 1024:
        raise UnreadableFile(
            f"the file is {size / 1024 / 1024:.1f} MB, over the {max_mb:g} MB limit"
        )
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        docs = _read_pdf(path)
    else:
        text, encoding = decode_text(path.read_bytes())
        if suffix in {".html", ".htm"}:
            docs = [Document(page_content=html_to_markdown(text), metadata=defaults(path))]
        else:
            docs = [_read_markdown(text, path)]
        docs[0].metadata["encoding"] = encoding
    if not any(d.page_content.strip() for d in docs):
        if suffix == ".pdf":
            raise UnreadableFile(
                f"the PDF has {len(docs)} page(s) but no text layer (a scan?): "
                "it needs OCR before it can be indexed"
            )
        raise UnreadableFile("the file contains no text")
    return docs


def defaults(path: Path) -> dict:
    stem = path.stem
    return {
        "id": stem,
        "title": stem.replace("-", " ").replace("_", " ").strip() or stem,
        "citation": "",
        "jurisdiction": "unknown",
        "doc_type": "document",
        "issued": "unknown",
        "source_url": "",
        "completeness": "unknown",
    }


# Encodings read without asking. Legal texts in this field are English, French or
# Spanish: when a file is not UTF-8, Windows-1252 (a superset of Latin-1's printable
# range) is the one reading that cannot turn "à" into "ŕ" the way a Central European
# guess would.
WESTERN = ("cp1252", "latin_1", "iso8859_15")
UTF16 = ("utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be")


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding). UTF-8 first; then UTF-16/32 or a Western encoding when the
    detector is confident; anything else is refused rather than mangled."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" not in data:
        try:
            return data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            pass
    import charset_normalizer

    matches = [m for m in charset_normalizer.from_bytes(data) if m.chaos <= 0.1]
    for m in matches:
        if m.encoding in UTF16 or (m.encoding in WESTERN and b"\x00" not in data):
            return str(m), m.encoding
    if b"\x00" in data:
        raise UnreadableFile("the file holds binary data (NUL bytes), not text")
    guess = f" (it looks like {matches[0].encoding})" if matches else ""
    raise UnreadableFile(
        f"the file is not UTF-8 text and its encoding cannot be told reliably{guess}; "
        "save it as UTF-8 and re-index"
    )


def _read_markdown(text: str, path: Path) -> Document:
    meta = defaults(path)
    match = FRONT_MATTER.match(text)
    if text.startswith("---") and not match:
        raise UnreadableFile("the front matter starts with '---' but is never closed")
    if match:
        try:
            front = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            raise UnreadableFile(
                f"the YAML front matter is invalid: {str(exc).splitlines()[0]}"
            ) from None
        if not isinstance(front, dict):
            raise UnreadableFile("the YAML front matter is not a mapping of fields")
        meta.update(
            {k: str(v) for k, v in front.items() if k in DocMeta.FRONT_MATTER and v is not None}
        )
        text = text[match.end() :]
    return Document(page_content=text, metadata=meta)


def html_to_markdown(html: str) -> str:
    """Visible text of a page, keeping headings (as #) and paragraphs; drops scripts,
    styles and navigation chrome."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(
        [
            "script",
            "style",
            "noscript",
            "nav",
            "header",
            "footer",
            "aside",
            "form",
            "template",
            "svg",
            "button",
        ]
    ):
        tag.decompose()
    blocks = []
    for el in soup.find_all(
        ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "td", "blockquote"]
    ):
        if el.find_parent(["p", "li", "pre", "td", "blockquote"]):
            continue  # its text is already inside an enclosing block
        text = " ".join(el.get_text(" ", strip=True).split())
        if not text:
            continue
        if el.name.startswith("h"):
            text = "#" * int(el.name[1]) + " " + text
        blocks.append(text)
    if not blocks:  # a page of bare text without block elements
        blocks = [" ".join(soup.get_text(" ", strip=True).split())]
    return "\n\n".join(blocks)


def _read_pdf(path: Path) -> list[Document]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("the PDF is encrypted with a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableFile:
        raise
    except FileNotDecryptedError:
        raise UnreadableFile("the PDF is encrypted with a password") from None
    except (PyPdfError, DependencyError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableFile(
            f"the PDF is damaged or unreadable ({type(exc).__name__}: {exc})"
        ) from None
    expected = _declared_pages(path.read_bytes())
    if expected > len(pages):
        raise UnreadableFile(
            f"the PDF declares {expected} pages but only {len(pages)} could be read "
            "(damaged or truncated file)"
        )
    meta = defaults(path)
    return [
        Document(page_content=text, metadata={**meta, "page": n})
        for n, text in enumerate(pages, start=1)
    ]


def _declared_pages(data: bytes) -> int:
    # pypdf (strict=False) silently drops pages of a damaged file; count page objects in
    # the raw bytes to notice. Compressed object streams hide them: then this is 0.
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
