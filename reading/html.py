"""HTML page -> Document: the article body as plain text, plus page metadata.

News and ministry pages wrap a few paragraphs of real figures in navigation,
"많이 본 뉴스 / 人気記事 / 热门" rankings, visit counters, phone numbers and
copyright footers that are full of numbers.  Feeding those to the extractor
produces false claims, so this module keeps only the main body: known body
containers first, else a text-density pick, after dropping boilerplate by tag,
ARIA role, class/id vocabulary and ranking-list headings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urljoin, urldefrag, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..documents import Document
from .dates import byline_date, parse_date
from .sniff import normalize_lang

# Never content: removed before anything else looks at the tree.
_NON_CONTENT = (
    "script, style, noscript, template, iframe, svg, canvas, button, select, input, "
    "textarea, object, embed, dialog, map, audio, video, link, meta"
)
# Boilerplate by tag (only dropped when they do not contain the main body: ASP.NET
# pages wrap the whole page in one <form>, so forms are not dropped blindly).
_BOILER_TAGS = ("nav", "header", "footer", "aside", "menu", "form")
_BOILER_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
_BOILER_WORDS = re.compile(
    r"nav|menu|gnb|lnb|snb|footer|header|breadcrumb|sidebar|aside|rank|popular|banner|share|sns|"
    r"copyright|related|comment|advert|promo|skip|popup|cookie|subscribe|newsletter|toolbar|"
    r"widget|recommend|most-?view|social|(?:^|[_-])ads?(?:$|[_-]|\d)",
    re.IGNORECASE,
)
# Headings that announce a ranking / most-read list.
_RANK_HEADING = re.compile(
    r"랭킹|많이\s*(?:본|읽은)|인기\s*(?:기사|뉴스|글|검색)|실시간\s*(?:인기|검색|뉴스|랭킹)|popular|"
    r"most\s*(?:read|viewed)|ranking|人気|ランキング|よく読まれ|アクセス数|热门|熱門|排行|点击榜|"
    r"熱點|热点|阅读最多|閱讀最多",
    re.IGNORECASE,
)
# Known article-body containers, most specific first.
_BODY_SELECTORS = (
    "[itemprop=articleBody]", "#articleBody", "#article_body", "#articleBodyContents", "#newsct_article",
    "#dic_area", "#article-view-content-div", ".article_txt", ".article-body", ".article_body",
    ".articleBody", ".article-text", ".article_view", ".news_body", "#news_body_area", "#content_body",
    ".view_cont", ".view_con", ".board_view", ".bbs_view", ".view_content", ".viewContent",
    ".TRS_Editor", "#UCAP-CONTENT", ".pages_content", "#zoom", ".article-content", ".entry-content",
    ".post-content", ".main-text", "article", "main", "[role=main]", "#main-content", "#content",
    "#contents", ".content", ".contents",
)
_MIN_BODY_CHARS = 20

_PARA_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table",
    "figure", "section", "article", "header", "footer", "main", "hr", "address", "fieldset",
    "details", "aside", "nav",
}
_LINE_TAGS = {"div", "li", "dt", "dd", "tr", "figcaption", "caption", "summary", "center", "option", "legend"}
_SKIP_TAGS = {"-comment", "img", "head", "title", "base", "picture", "source", "track", "wbr"}
_WS = re.compile(r"[ \t\r\n\f\u00a0\u200b]+")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_FOOTNOTE_MARK = re.compile(r"^\s*[\[(]?\s*([0-9⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s*[\])]?\s*$")


# ---------------------------------------------------------------- small helpers

def _attr(node: LexborNode, name: str) -> str:
    value = node.attributes.get(name)
    return value.strip() if isinstance(value, str) else ""


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _ancestors(node: LexborNode) -> Iterator[LexborNode]:
    parent = node.parent
    while parent is not None and parent.tag not in ("-document", None):
        yield parent
        parent = parent.parent


def _text_len(node: LexborNode) -> int:
    return len(_WS.sub("", node.text(deep=True)))


def _http_url(href: str, base: str | None) -> str | None:
    """Absolute http(s) URL without fragment, or None."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    absolute = urljoin(base, href) if base else href
    absolute = urldefrag(absolute)[0]
    if urlsplit(absolute).scheme.lower() not in ("http", "https") or not urlsplit(absolute).netloc:
        return None
    return absolute


# ---------------------------------------------------------------- metadata

def _metas(tree: LexborHTMLParser) -> dict[str, str]:
    """First non-empty content per lower-cased property/name/itemprop/http-equiv."""
    found: dict[str, str] = {}
    for meta in tree.css("meta"):
        content = _attr(meta, "content")
        if not content:
            continue
        for key in ("property", "name", "itemprop", "http-equiv"):
            label = _attr(meta, key).lower()
            if label and label not in found:
                found[label] = content
    return found


_META_DATE_KEYS = (
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished",
    "date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued", "dc.date",
    "dcterms.issued", "citation_publication_date", "parsely-pub-date", "sailthru.date",
    "firstpublishedtime", "og:regdate", "article:published", "nozomi:article:published_time",
)


def _jsonld_dates(tree: LexborHTMLParser) -> Iterator[str]:
    def walk(obj: object) -> Iterator[str]:
        if isinstance(obj, dict):
            for key in ("datePublished", "dateCreated"):
                if isinstance(obj.get(key), str):
                    yield obj[key]
            for value in obj.values():
                if isinstance(value, (dict, list)):
                    yield from walk(value)
        elif isinstance(obj, list):
            for item in obj:
                yield from walk(item)

    for script in tree.css('script[type*="ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "", strict=False)
        except ValueError:
            continue
        yield from walk(data)


def _published(tree: LexborHTMLParser, metas: dict[str, str]) -> str | None:
    for key in _META_DATE_KEYS:
        if (found := parse_date(metas.get(key))):
            return found
    for value in _jsonld_dates(tree):
        if (found := parse_date(value)):
            return found
    times = tree.css("time[datetime]")
    times.sort(key=lambda t: 0 if "datepublished" in _attr(t, "itemprop").lower()
               or "pub" in _attr(t, "class").lower() else 1)
    for node in times:
        if (found := parse_date(_attr(node, "datetime"))):
            return found
    return None


def _title(tree: LexborHTMLParser, metas: dict[str, str]) -> str | None:
    for candidate in (metas.get("og:title"), metas.get("twitter:title")):
        if candidate and _clean(candidate):
            return _clean(candidate)
    for selector in ("title", "h1"):
        node = tree.css_first(selector)
        if node is not None and _clean(node.text(deep=True)):
            return _clean(node.text(deep=True))
    return None


def _lang(tree: LexborHTMLParser, metas: dict[str, str]) -> str | None:
    root = tree.css_first("html")
    if root is not None:
        for key in ("lang", "xml:lang"):
            if (found := normalize_lang(_attr(root, key))):
                return found
    return normalize_lang(metas.get("content-language")) or normalize_lang(metas.get("og:locale"))


# ---------------------------------------------------------------- references

_REF_CONTAINER = re.compile(
    r"footnote|endnote|reference|refs?(?:$|[_-])|citation|cite_note|각주|참고|출처|注釈|脚注|参考|注释|參考",
    re.IGNORECASE,
)
_REF_HEADING = re.compile(
    r"^\s*(?:각주|주석|참고\s*(?:문헌|자료)?|출처|references?|footnotes?|notes?|sources?|注|脚注|注釈|"
    r"参考(?:文献|资料|資料|链接)?|參考(?:資料|文獻)?|出典|资料来源|資料來源)\s*[:：]?\s*$",
    re.IGNORECASE,
)
_REF_ID = re.compile(r"(?:fn|footnote|note|ref|cite_note|endnote|en)\D{0,12}?(\d+)$", re.IGNORECASE)
_REF_LEAD = re.compile(r"^\s*(?:\[(\d+)\]|\((\d+)\)|(\d+)\s*[.)]|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)|※\s*(\d+)|\*\s*(\d+)|\^(\d+))")


def _marker(text: str) -> str:
    return text.translate(_SUPERSCRIPT).strip("[]() ")


def _first_url(node: LexborNode, base: str | None) -> str | None:
    for link in node.css("a[href]"):
        if (url := _http_url(_attr(link, "href"), base)):
            return url
    text_url = re.search(r"https?://[^\s<>\"'）)」]+", node.text(deep=True))
    return text_url.group(0).rstrip(".,;") if text_url else None


def _reference_lists(tree: LexborHTMLParser) -> list[LexborNode]:
    lists: list[LexborNode] = []
    for node in tree.css("ol, ul, div, section, aside, dl, footer"):
        label = f"{_attr(node, 'class')} {_attr(node, 'id')}"
        if _REF_CONTAINER.search(label):
            lists.append(node)
    for heading in tree.css("h2, h3, h4, h5, h6, strong, b, p, dt"):
        if _REF_HEADING.match(heading.text(deep=True) or ""):
            sibling = heading.next
            while sibling is not None and not sibling.is_element_node:
                sibling = sibling.next
            if sibling is not None and sibling.tag in ("ol", "ul", "dl", "div"):
                lists.append(sibling)
    return lists


def _references(tree: LexborHTMLParser, base: str | None) -> dict[str, str]:
    """Footnote marker -> URL from reference lists and from linked <sup> markers."""
    refs: dict[str, str] = {}
    for container in _reference_lists(tree):
        entries = container.css("li") or container.css("p, dd, div")
        position = 0
        start = _attr(container, "start")
        offset = int(start) - 1 if start.isdigit() else 0
        for entry in entries:
            position += 1
            url = _first_url(entry, base)
            if url is None:
                continue
            marker = None
            ident = _attr(entry, "id")
            if ident and (m := _REF_ID.search(ident)):
                marker = m.group(1)
            elif (m := _REF_LEAD.match(entry.text(deep=True) or "")):
                marker = _marker(next(g for g in m.groups() if g))
            elif entry.tag == "li" and entry.parent is not None and entry.parent.tag == "ol":
                marker = str(position + offset)
            if marker and marker not in refs:
                refs[marker] = url
    for sup in tree.css("sup"):
        text = sup.text(deep=True) or ""
        if not _FOOTNOTE_MARK.match(text):
            continue
        marker = _marker(text)
        if marker in refs:
            continue
        link = sup.css_first("a[href]")
        if link is None:
            continue
        href = _attr(link, "href")
        if href.startswith("#") and len(href) > 1:
            target = tree.css_first(f'[id="{href[1:]}"]')
            url = _first_url(target, base) if target is not None else None
        else:
            url = _http_url(href, base)
        if url:
            refs[marker] = url
    return refs


# ---------------------------------------------------------------- boilerplate and main body

def _is_hidden(node: LexborNode) -> bool:
    if "hidden" in node.attributes or _attr(node, "aria-hidden").lower() == "true":
        return True
    style = _attr(node, "style").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _boiler_label(node: LexborNode) -> bool:
    if _attr(node, "role").lower() in _BOILER_ROLES:
        return True
    words = f"{_attr(node, 'class')} {_attr(node, 'id')}".split()
    return any(_BOILER_WORDS.search(word) for word in words)


def _preferred_body(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in _BODY_SELECTORS:
        nodes = [n for n in tree.css(selector) if _text_len(n) >= _MIN_BODY_CHARS]
        if nodes:
            return max(nodes, key=_text_len)
    return None


def _drop_boilerplate(tree: LexborHTMLParser, keep: LexborNode | None) -> None:
    """Remove navigation, rankings, footers ... but never the body or its ancestors."""
    body = tree.body
    if body is None:
        return
    protected = {keep.mem_id} | {a.mem_id for a in _ancestors(keep)} if keep is not None else set()
    total = _text_len(body) or 1

    def droppable(node: LexborNode) -> bool:
        if node.mem_id in protected or node.tag in ("html", "body"):
            return False
        # Without a known body container, a "boilerplate" wrapper that holds most
        # of the page is a layout div (class="wrap has-sidebar"), not boilerplate.
        return keep is not None or _text_len(node) < 0.6 * total

    doomed: list[LexborNode] = []
    for node in body.traverse():
        if not node.is_element_node:
            continue
        if _is_hidden(node) or node.tag in _BOILER_TAGS or _boiler_label(node):
            if droppable(node):
                doomed.append(node)
    for heading in body.css("h1, h2, h3, h4, h5, h6, strong, b, dt, caption, span, p, div, em"):
        if heading.css_first("div, ul, ol, table, section, p, li") is not None:
            continue  # a wrapper, not a heading
        text = _clean(heading.text(deep=True))
        if not text or len(text) > 25 or not _RANK_HEADING.search(text) or heading.mem_id in protected:
            continue
        container = heading.parent
        while container is not None and container.tag in ("a", "span", "strong", "b", "em", "h2", "h3", "h4"):
            heading, container = container, container.parent
        if container is None or container.mem_id in protected or container.tag in ("html", "body"):
            # Heading sits directly in the body: drop it and the list after it.
            doomed.append(heading)
            sibling = heading.next
            while sibling is not None and not sibling.is_element_node:
                sibling = sibling.next
            if sibling is not None and sibling.tag in ("ul", "ol", "dl", "div", "table") \
                    and sibling.mem_id not in protected:
                doomed.append(sibling)
        elif droppable(container):
            doomed.append(container)
    decompose_all(doomed)


def decompose_all(nodes: list[LexborNode]) -> None:
    """Decompose nodes, skipping those inside another doomed node.

    Decomposing an ancestor frees its descendants; touching a freed descendant
    afterwards would be a use-after-free in the C library.
    """
    doomed = {node.mem_id for node in nodes}
    survivors = [n for n in nodes if not any(a.mem_id in doomed for a in _ancestors(n))]
    done: set[int] = set()
    for node in survivors:
        if node.mem_id not in done:
            done.add(node.mem_id)
            node.decompose()


def _density_body(tree: LexborHTMLParser) -> LexborNode | None:
    """The deepest block holding most of the page's paragraph text.

    Each paragraph-like block (``p``, ``pre``, ``blockquote``, ``dd``, and direct
    text of ``div``/``td`` as on board-style pages) credits its length, minus its
    link text, to every ancestor.  Starting at ``<body>`` we descend into the
    child holding the most credit while it still holds >= 65 % of the total:
    the article container, not one of its paragraphs and not the whole page.
    """
    body = tree.body
    if body is None:
        return None
    credit: dict[int, float] = {}
    for node in body.css("p, pre, blockquote, dd, div, td"):
        if node.tag in ("div", "td"):
            length = sum(len(_WS.sub("", c.text_content or "")) for c in node.iter(include_text=True)
                         if c.is_text_node)
            if length < 10:
                continue
        else:
            length = _text_len(node)
            if length == 0:
                continue
            length -= sum(_text_len(a) for a in node.css("a"))
            if length <= 0:
                continue
        credit[node.mem_id] = credit.get(node.mem_id, 0.0) + length
        for ancestor in _ancestors(node):
            credit[ancestor.mem_id] = credit.get(ancestor.mem_id, 0.0) + length
            if ancestor.tag == "body":
                break
    total = credit.get(body.mem_id, 0.0)
    if total <= 0:
        return body
    current = body
    while True:
        children = [c for c in current.iter() if c.mem_id in credit]
        if not children:
            return current
        best = max(children, key=lambda c: credit[c.mem_id])
        if credit[best.mem_id] < 0.65 * total:
            return current
        current = best


# ---------------------------------------------------------------- rendering

class _Renderer:
    """Walk a subtree and produce plain text with block-aware line breaks."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.pending = 0  # newlines owed before the next text (1 = line, 2 = paragraph)

    def _need(self, level: int) -> None:
        self.pending = max(self.pending, level)

    def _emit(self, text: str) -> None:
        if not text:
            return
        if self.pending and self.out:
            self.out.append("\n" * self.pending)
        self.pending = 0
        self.out.append(text)

    def _last_char(self) -> str:
        for chunk in reversed(self.out):
            if chunk:
                return chunk[-1]
        return ""

    def render(self, node: LexborNode, pre: bool = False) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if child.is_text_node:
                raw = child.text_content or ""
                self._emit(raw if pre else _WS.sub(" ", raw))
                continue
            if tag in _SKIP_TAGS or not child.is_element_node or _is_hidden(child):
                continue
            if tag == "br":
                self.pending = 0
                self.out.append("\n")
            elif tag == "table":
                self._need(2)
                self._table(child)
                self._need(2)
            elif tag == "sup":
                self._sup(child)
            elif tag in _PARA_TAGS:
                self._need(2)
                self.render(child, pre or tag == "pre")
                self._need(2)
            elif tag in _LINE_TAGS:
                self._need(1)
                self.render(child, pre)
                self._need(1)
            else:
                self.render(child, pre)

    def _sup(self, node: LexborNode) -> None:
        text = _clean(node.text(deep=True))
        if not text:
            return
        if text in ("2", "3") and self._last_char().isascii() and self._last_char().isalpha():
            self._emit("²" if text == "2" else "³")  # m², km³: an exponent, not a footnote
            return
        if _FOOTNOTE_MARK.match(text):
            text = f"[{_marker(text)}]"
        self._emit(" " + text if self._last_char() not in ("", " ", "\n") else text)

    def _table(self, table: LexborNode) -> None:
        for row in _rows(table):
            cells = []
            for cell in row.iter():
                if cell.tag in ("td", "th") and not _is_hidden(cell):
                    inner = _Renderer()
                    inner.render(cell)
                    cells.append(_clean("".join(inner.out)))
            if any(cells):
                self._need(1)
                self._emit("\t".join(cells))
                self._need(1)

    def text(self) -> str:
        joined = "".join(self.out)
        lines = [line.strip(" \u3000") for line in joined.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _rows(table: LexborNode) -> Iterator[LexborNode]:
    for child in table.iter():
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child.iter() if row.tag == "tr")


def render_text(node: LexborNode) -> str:
    """Plain text of ``node``: paragraphs split by blank lines, table rows tab-joined."""
    renderer = _Renderer()
    renderer.render(node)
    return renderer.text()


# ---------------------------------------------------------------- entry point

def read_html(text: str, *, source: str, url: str | None = None, encoding: str | None = None,
              content_type: str = "text/html") -> Document:
    """Parse an HTML page into a Document (main text plus metadata)."""
    tree = LexborHTMLParser(text)
    base_node = tree.css_first("base[href]")
    base = url
    if base_node is not None:
        base = urljoin(url or "", _attr(base_node, "href")) or url
    metas = _metas(tree)
    title = _title(tree, metas)
    lang = _lang(tree, metas)
    canonical = None
    canon = tree.css_first('link[rel="canonical"][href]')
    if canon is not None:
        canonical = _http_url(_attr(canon, "href"), base)
    published = _published(tree, metas)

    decompose_all(tree.css(_NON_CONTENT))
    references = _references(tree, base)
    body = tree.body
    full_text = render_text(body) if body is not None else ""

    keep = _preferred_body(tree)
    _drop_boilerplate(tree, keep)
    main = keep if keep is not None else (_density_body(tree) or tree.body)
    if main is not None:
        # The title lives in Document.title; drop its heading from the body text.
        decompose_all([h for h in main.css("h1, h2, h3") if h.tag == "h1"
                       or (title and _clean(h.text(deep=True)) == title)])
    text_out = render_text(main) if main is not None else ""

    if published is None:
        published = byline_date(text_out) or byline_date(full_text)

    links: list[str] = []
    if main is not None:
        for anchor in main.css("a[href]"):
            if (found := _http_url(_attr(anchor, "href"), base)):
                links.append(found)
    links.extend(references.values())
    return Document(
        source=source,
        text=text_out,
        title=title,
        published=published,
        lang=lang,
        url=url,
        canonical=canonical,
        content_type=content_type,
        encoding=encoding,
        links=list(dict.fromkeys(links)),
        references=references,
    )
