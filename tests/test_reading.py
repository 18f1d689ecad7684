"""claimwatch.reading: charsets, binary refusal, main-text extraction, metadata, Markdown, PDF."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimwatch.errors import InputError
from claimwatch.reading import read_bytes, read_path, read_text
from claimwatch.reading.charset import decode, meta_charset, normalize_charset
from pageserver import FIXTURES, fixture_page

KO_BODY = "정부는 2026년 산업부 AX 관련 예산으로 1조 1,347억 원을 편성했다."
KO_MEMBERS = "약 1,000개 기관이 참여한다."
JA_BODY = "2025年4月13日から10月13日までの184日間"
JA_TAX = "2019年10月1日に8％から10％へ引き上げられました。"
ZH_BODY = "2024年国内生产总值1349084亿元"
TW_BODY = "每月基本工資調整為新臺幣28,590元"


def make_pdf(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF with a Helvetica text stream (pypdf cannot write text)."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({esc(line)}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


HWP_OLE2 = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
            + "FileHeader".encode("utf-16-le") + b"\x00" * 64 + b"HWP Document File" + b"\x00" * 200)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 40
HWPX = b"PK\x03\x04\x14\x00\x00\x00\x00\x00" + b"\x00" * 20 + b"mimetypeapplication/hwp+zip" + b"\x00" * 50


# ------------------------------------------------------------------ charsets

@pytest.mark.parametrize(
    ("name", "encoding", "declare", "expected_codec", "needle"),
    [
        ("ko_max_alliance.html", "euc-kr", "meta", "cp949", KO_BODY),
        ("ko_max_alliance.html", "euc-kr", "none", "cp949", KO_BODY),
        ("ko_max_alliance.html", "cp949", "http-equiv", "cp949", KO_BODY),
        ("ko_max_alliance.html", "utf-8", "bom", "utf-8", KO_BODY),
        ("ko_max_alliance.html", "utf-8", "none", "utf-8", KO_BODY),
        ("ja_expo.html", "shift_jis", "http-equiv", "cp932", JA_BODY),
        ("ja_expo.html", "shift_jis", "none", "cp932", JA_BODY),
        ("ja_consumption_tax.html", "euc-jp", "none", "euc_jp", JA_TAX),
        ("ja_consumption_tax.html", "euc-jp", "meta", "euc_jp", JA_TAX),
        ("zh_gdp.html", "gb18030", "none", "gb18030", ZH_BODY),
        ("zh_gdp.html", "gb2312", "meta", "gb18030", ZH_BODY),
        ("zh_tw_wage.html", "big5", "meta", "big5hkscs", TW_BODY),
        ("zh_tw_wage.html", "big5", "none", "big5hkscs", TW_BODY),
        ("zh_tw_wage.html", "utf-16", "bom", "utf-16-le", TW_BODY),
    ],
)
def test_charsets_from_markup_bom_or_detection(name: str, encoding: str, declare: str,
                                               expected_codec: str, needle: str) -> None:
    body, _ = fixture_page(name, encoding if encoding != "utf-16" else "utf-16-le", declare)
    if declare == "bom" and encoding == "utf-16":
        body = b"\xff\xfe" + body.lstrip(b"\xff\xfe")
    doc = read_bytes(body, name)
    assert doc.encoding == expected_codec
    assert needle in doc.text
    assert "\ufffd" not in doc.text


def test_charset_from_header_parameter_only() -> None:
    body, content_type = fixture_page("ko_max_alliance.html", "euc-kr", "header")
    assert b"charset" not in body
    doc = read_bytes(body, "page", content_type=content_type)
    assert doc.encoding == "cp949" and KO_BODY in doc.text


def test_xhtml_xml_declaration_encoding() -> None:
    text = (FIXTURES / "ja_expo.html").read_text(encoding="utf-8").replace("<!--CHARSET-->", "")
    body = b'<?xml version="1.0" encoding="Shift_JIS"?>\n' + text.encode("shift_jis")
    assert meta_charset(body) == "Shift_JIS"
    doc = read_bytes(body, "page.xhtml", content_type="application/xhtml+xml")
    assert doc.encoding == "cp932" and JA_BODY in doc.text


def test_explicit_charset_argument_beats_content_type_parameter() -> None:
    body, _ = fixture_page("ja_expo.html", "shift_jis", "none")
    doc = read_bytes(body, "page.html", content_type="text/html; charset=euc-kr", charset="shift_jis")
    assert doc.encoding == "cp932" and JA_BODY in doc.text


@pytest.mark.parametrize(
    ("encoding", "declare", "wrong"),
    [
        ("euc-kr", "meta", "shift_jis"),      # decodes byte-wise as Shift_JIS, but as mojibake
        ("euc-kr", "header", "utf-8"),        # fails strictly
        ("shift_jis", "meta", "euc-kr"),
        ("gb18030", "http-equiv", "big5"),
        ("euc-kr", "header", "iso-8859-1"),   # classic server default on Korean sites
    ],
)
def test_wrong_declared_charset_falls_back_to_detection(encoding: str, declare: str, wrong: str) -> None:
    name = {"euc-kr": "ko_max_alliance.html", "shift_jis": "ja_expo.html", "gb18030": "zh_gdp.html"}[encoding]
    needle = {"euc-kr": KO_BODY, "shift_jis": JA_BODY, "gb18030": ZH_BODY}[encoding]
    body, content_type = fixture_page(name, encoding, declare, declared_as=wrong)
    doc = read_bytes(body, name, content_type=content_type)
    assert needle in doc.text
    assert normalize_charset(doc.encoding) != normalize_charset(wrong)


def test_undecodable_bytes_raise_input_error_naming_source() -> None:
    junk = bytes(range(0x80, 0x100)) * 8 + b"\x81\x20\xfe\x7f" * 16
    with pytest.raises(InputError, match=r"^junk\.html: undecodable"):
        read_bytes(b"<html><body><p>" + junk + b"</p></body></html>", "junk.html")


def test_superset_codecs_for_declared_subsets() -> None:
    assert normalize_charset("EUC-KR") == "cp949"
    assert normalize_charset("ks_c_5601-1987") == "cp949"
    assert normalize_charset("Shift_JIS") == "cp932"
    assert normalize_charset("GB2312") == "gb18030"
    assert normalize_charset("gbk") == "gb18030"
    assert normalize_charset("no-such-charset") is None
    # A UHC-only syllable (outside EUC-KR) decodes under the cp949 superset.
    sentence = "오늘 점심 메뉴는 똠양꿍이었고, 가격은 1만 2,000원이었다. 맛이 좋았다."
    assert decode(sentence.encode("cp949"), declared="euc-kr") == (sentence, "cp949")


_SENTENCES = {
    "cp949": ["산업통상자원부는 제조 인공지능 전환을 추진한다.", "약 1,000개 기관이 얼라이언스에 참여한다.",
              "2026년 예산은 1조 1,347억 원이다.", "정부는 올해 지원 사업을 확대하기로 했다."],
    "cp932": ["大阪・関西万博は夢洲で開催された。", "会期は184日間だった。", "消費税率は10％に引き上げられた。",
              "飲食料品には軽減税率が適用される。"],
    "euc_jp": ["大阪・関西万博は夢洲で開催された。", "会期は184日間だった。", "消費税率は10％に引き上げられた。",
               "飲食料品には軽減税率が適用される。"],
    "gb18030": ["国内生产总值比上年增长5.0%。", "全国居民人均可支配收入41314元。", "国家统计局发布了年度数据。",
                "政府工作报告提出了经济增长目标。"],
    "big5hkscs": ["每月基本工資調整為新臺幣28,590元。", "每小時基本工資調整為190元。", "勞動部公告基本工資調整。",
                  "新制自明年一月一日起實施。"],
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codec=st.sampled_from(sorted(_SENTENCES)), data=st.data())
def test_detection_round_trips_sentence_mixes(codec: str, data: st.DataObject) -> None:
    """Any mix of >= 2 real sentences, undeclared, decodes back exactly (no mojibake)."""
    picked = data.draw(st.lists(st.sampled_from(_SENTENCES[codec]), min_size=2, max_size=5))
    text = " ".join(picked)
    decoded, used = decode(text.encode(codec))
    assert decoded == text, used


# ------------------------------------------------------------------ binary and unsupported input

@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (HWP_OLE2, "HWP"),
        (HWPX, "HWPX"),
        (PNG, "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20, "JPEG"),
        (b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20, "GIF"),
        (b"PK\x03\x04\x14\x00" + b"\x00" * 24 + b"word/document.xml", "DOCX"),
        (b"PK\x03\x04\x14\x00" + b"\x00" * 40, "ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "OLE2"),
        (b"plain start\x00\x01\x02 then binary", "binary data"),
    ],
)
def test_binary_inputs_are_refused_naming_the_type(data: bytes, kind: str) -> None:
    with pytest.raises(InputError) as info:
        read_bytes(data, "attachment.html")
    message = str(info.value)
    assert message.startswith("attachment.html: not text (binary data")
    assert kind in message
    assert "\n" not in message


def test_binary_message_mentions_declared_content_type() -> None:
    with pytest.raises(InputError, match=r"looks like PNG image; Content-Type image/png"):
        read_bytes(PNG, "http://x/img", content_type="image/png")


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^empty\.txt: empty input"):
        read_bytes(data, "empty.txt")


def test_unsupported_declared_type() -> None:
    with pytest.raises(InputError, match=r"^api: unsupported type application/json$"):
        read_bytes(b'{"budget": 1}', "api", content_type="application/json")


def test_type_from_extension_then_sniffing() -> None:
    html = b"<html><body><p>Members: about 1,000 organisations</p></body></html>"
    assert read_bytes(html, "a.txt").text.startswith("<html>")           # .txt is read as text
    assert read_bytes(html, "a.html").text == "Members: about 1,000 organisations"
    assert read_bytes(html, "noextension").text == "Members: about 1,000 organisations"  # sniffed
    assert read_bytes(html, "x", url="https://e.kr/p.html").content_type == "text/html"


def test_html_page_without_text_is_an_error() -> None:
    with pytest.raises(InputError, match="no readable text"):
        read_bytes(b"<html><body><script>render()</script><div id=app></div></body></html>", "spa.html")


# ------------------------------------------------------------------ main text and boilerplate

@pytest.mark.parametrize(
    ("name", "encoding", "body_lines", "boilerplate"),
    [
        ("ko_max_alliance.html", "euc-kr",
         ["'M.AX 얼라이언스'를 공식 출범했다.", KO_MEMBERS, KO_BODY],
         ["8,214", "02-1234-5678", "04500", "Copyright", "1위", "2위", "조회수", "많이 본", "랭킹",
          "김산업 기자", "산업 2025"]),
        ("ja_expo.html", "shift_jis",
         [JA_BODY, "2005年の愛知万博以来20年ぶり"],
         ["降水確率30%", "アクセスランキング", "1位", "閲覧数", "03-1234-5678", "100-0001", "Copyright"]),
        ("zh_gdp.html", "gb18030",
         [ZH_BODY, "全年全国居民人均可支配收入41314元，比上年名义增长5.3%。"],
         ["访问量", "1234567", "热门", "排行", "8888", "010-12345678", "版权所有", "京ICP备"]),
        ("zh_tw_wage.html", "big5",
         [TW_BODY], ["765432", "瀏覽人次", "(02)1234-5678", "版權所有"]),
        ("ja_consumption_tax.html", "euc-jp",
         [JA_TAX], ["1024", "0570-00-0000", "8時30分"]),
    ],
)
def test_main_text_keeps_body_and_drops_boilerplate(name: str, encoding: str, body_lines: list[str],
                                                    boilerplate: list[str]) -> None:
    body, _ = fixture_page(name, encoding, "none")
    doc = read_bytes(body, name)
    for line in body_lines:
        assert line in doc.text
    for junk in boilerplate:
        assert junk not in doc.text, junk
    assert doc.title and doc.title not in doc.text.splitlines()


def test_paragraphs_are_separated_by_blank_lines_and_title_kept_out() -> None:
    doc = read_path(str(FIXTURES / "ko_max_alliance.html"))
    assert doc.text.split("\n\n") == [
        "산업통상자원부는 2025년 9월 10일 제조업의 인공지능 전환을 함께 추진할 'M.AX 얼라이언스'를 공식 출범했다.",
        "얼라이언스에는 대기업과 중소·중견기업, 대학, 연구기관 등 약 1,000개 기관이 참여한다.",
        KO_BODY,
    ]
    assert doc.title == "제조AI 'M.AX 얼라이언스' 출범 | 산업경제신문"
    assert doc.canonical is None  # a relative canonical cannot be resolved without a URL


def test_tables_rows_br_and_footnote_sup() -> None:
    html = """<html><body><div id="articleBody">
    <p>예산<sup>1</sup> 1조 1,347억 원<br>둘째 줄</p>
    <table><thead><tr><th>구분</th><th>2025년</th><th>2026년</th></tr></thead>
    <tbody><tr><td>AX 예산</td><td><p>8,000억 원</p></td><td>1조 1,347억 원</td></tr>
    <tr><td>참여 기관</td><td></td><td>1,000</td></tr></tbody></table>
    <p>면적 25 m<sup>2</sup>, 참여 1,000<sup>[2]</sup>개</p>
    <div>첫째 div</div><div>둘째 div</div>
    </div></body></html>"""
    text = read_bytes(html.encode(), "t.html").text
    assert "예산 [1] 1조 1,347억 원\n둘째 줄" in text
    assert "구분\t2025년\t2026년\nAX 예산\t8,000억 원\t1조 1,347억 원\n참여 기관\t\t1,000" in text
    assert "25 m²" in text and "1,000 [2]개" in text
    assert "첫째 div\n둘째 div" in text
    assert "1,0001" not in text


def test_density_fallback_without_known_containers() -> None:
    html = """<html><body>
    <div class="top"><a href="/a">홈</a> <a href="/b">뉴스 1,234</a> <a href="/c">포토 5,678</a></div>
    <div class="wrap"><div class="x1"><p>산업통상자원부는 M.AX 얼라이언스를 2025년 9월 10일 출범했다.</p>
    <p>얼라이언스에는 약 1,000개 기관이 참여한다.</p></div>
    <div class="x2"><a href="/1">링크 목록 111</a><a href="/2">링크 목록 222</a></div></div>
    </body></html>"""
    text = read_bytes(html.encode(), "d.html").text
    assert "약 1,000개 기관이 참여한다." in text
    assert "1,234" not in text and "111" not in text


def test_layout_wrapper_with_sidebar_class_is_not_dropped() -> None:
    html = """<html><body><div class="layout has-sidebar"><div class="story">
    <p>정부는 2026년 산업부 AX 관련 예산으로 1조 1,347억 원을 편성했다.</p>
    <p>얼라이언스에는 약 1,000개 기관이 참여한다.</p></div>
    <div class="side-banner">배너 1,111</div></div></body></html>"""
    text = read_bytes(html.encode(), "l.html").text
    assert KO_BODY in text and "1,111" not in text


@pytest.mark.parametrize("with_article", [True, False])
def test_page_wrapped_in_one_form_keeps_its_body(with_article: bool) -> None:
    body = "<article>{}</article>" if with_article else "<div>{}</div>"
    html = ("<html><body><form id='aspnetForm' action='default.aspx'><div class='gnb'>메뉴 1,234</div>"
            + body.format("<p>정부는 2026년 산업부 AX 관련 예산으로 1조 1,347억 원을 편성했다.</p>")
            + "<form class='search'><label>검색어</label><input name=q></form></form></body></html>")
    text = read_bytes(html.encode(), "aspx.html").text
    assert text == KO_BODY


def test_comments_scripts_styles_forms_and_hidden_are_not_text() -> None:
    html = """<html><body><article><p>본문 1,000개</p><!-- 주석 999 -->
    <script>var views = 123456;</script><style>.a{width:300px}</style>
    <form><input value="777"><button>검색 888</button></form>
    <p style="display:none">숨김 555</p><p hidden>숨김 444</p>
    <div class="share-tools">공유 333</div><div class="ad-slot">광고 222</div></article></body></html>"""
    text = read_bytes(html.encode(), "c.html").text
    assert text == "본문 1,000개"


# ------------------------------------------------------------------ metadata

def _html(head: str = "", body: str = "<article><p>본문 1,000개 기관이 참여한다.</p></article>") -> bytes:
    return f"<html><head><meta charset=utf-8>{head}</head><body>{body}</body></html>".encode()


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        ('<meta property="article:published_time" content="2025-09-10T15:08:00+09:00">', None, "2025-09-10"),
        ('<meta property="og:published_time" content="2025-09-11">', None, "2025-09-11"),
        ('<meta itemprop="datePublished" content="2025-09-12T01:00:00Z">', None, "2025-09-12"),
        ('<meta name="date" content="2025/09/13">', None, "2025-09-13"),
        ('<meta name="pubdate" content="20250914">', None, "2025-09-14"),
        ('<meta name="PubDate" content="2025-01-17 10:00">', None, "2025-01-17"),
        ('<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle",'
         '"datePublished":"2025-09-15T09:00:00+09:00"}]}</script>', None, "2025-09-15"),
        ("", '<article><time datetime="2025-09-16T08:00">9월 16일</time><p>본문 1,000개</p></article>', "2025-09-16"),
        ("", "<div class=info>등록일 2025-09-01</div><article><p>본문 1,000개</p></article>", "2025-09-01"),
        ("", "<div>입력 2025.09.10 15:08 수정 2025.09.12 10:00</div><article><p>본문 1,000개</p></article>",
         "2025-09-10"),
        ("", "<div>기사입력 2025-09-10 오후 3:08</div><article><p>본문 1,000개</p></article>", "2025-09-10"),
        ("", "<div>작성일 : 2025.09.02</div><article><p>본문 1,000개</p></article>", "2025-09-02"),
        ("", "<p>更新日：2025年9月5日</p><p>公開日：2025年9月1日</p><article><p>本文</p></article>", "2025-09-01"),
        ("", "<p>掲載日 令和7年9月3日</p><article><p>本文です</p></article>", "2025-09-03"),
        ("", "<p>更新日：2025年9月5日</p><article><p>本文です</p></article>", "2025-09-05"),
        ("", "<div>发布时间：2025-01-17 10:00</div><article><p>正文内容</p></article>", "2025-01-17"),
        ("", "<div>發佈時間：2025/01/02</div><article><p>正文內容</p></article>", "2025-01-02"),
        ("", "<div>发布日期：2025年1月17日</div><article><p>正文内容</p></article>", "2025-01-17"),
        ("", "<div>2025-01-18 09:30 来源：国家统计局</div><article><p>正文内容</p></article>", "2025-01-18"),
        ("", "<article><p>본문에는 날짜가 없다 1,000개</p></article>", None),
    ],
)
def test_published_date_forms(head: str, body: str | None, expected: str | None) -> None:
    doc = read_bytes(_html(head, body) if body else _html(head), "d.html")
    assert doc.published == expected


def test_meta_date_beats_byline() -> None:
    doc = read_bytes(_html('<meta property="article:published_time" content="2025-09-10">',
                           "<div>입력 2025.08.01</div><article><p>본문 1,000개</p></article>"), "d.html")
    assert doc.published == "2025-09-10"


@pytest.mark.parametrize(
    ("attr", "expected"),
    [('lang="ko"', "ko"), ('lang="ja-JP"', "ja"), ('lang="zh-CN"', "zh"), ('lang="zh-Hant-TW"', "zh"),
     ('lang="en"', None), ("", None)],
)
def test_lang_from_html_attribute(attr: str, expected: str | None) -> None:
    doc = read_bytes(f"<html {attr}><body><p>본문 1,000개</p></body></html>".encode(), "l.html")
    assert doc.lang == expected


def test_title_priority_og_then_title_then_h1() -> None:
    og = read_bytes(_html('<meta property="og:title" content="OG 제목"><title>타이틀</title>'), "t.html")
    assert og.title == "OG 제목"
    title = read_bytes(_html("<title> 타이틀  태그 </title>"), "t.html")
    assert title.title == "타이틀 태그"
    h1 = read_bytes(_html("", "<article><h1>머리 제목</h1><p>본문 1,000개</p></article>"), "t.html")
    assert h1.title == "머리 제목" and "머리 제목" not in h1.text


def test_links_canonical_and_references() -> None:
    doc = read_bytes((FIXTURES / "references.html").read_bytes(), "references.html",
                     url="https://www.example.kr/news/1")
    assert doc.references == {
        "1": "https://www.motie.go.kr/budget/2026",
        "2": "https://www.motie.go.kr/press/max-alliance",
        "3": "https://www.korea.kr/briefing/pressReleaseList.do",
        "4": "https://kostat.go.kr/stat/4",
    }
    assert "https://www.example.kr/news/2" in doc.links            # resolved against the URL
    assert doc.links.count("https://www.motie.go.kr/") == 1        # fragment stripped, deduplicated
    assert all(link.startswith(("http://", "https://")) for link in doc.links)
    assert "1조 1,347억 원을 편성했다 [1]." in doc.text            # marker kept, not glued to the number
    assert "참여한다 [2]." in doc.text

    canon = read_bytes((FIXTURES / "ko_max_alliance.html").read_bytes(), "p.html",
                       url="https://news.example.kr/a/b.html")
    assert canon.canonical == "https://news.example.kr/news/articleView.html?idxno=1001"


# ------------------------------------------------------------------ Markdown, text, files

def test_markdown_front_matter_headings_and_links() -> None:
    doc = read_path(str(FIXTURES / "article.md"))
    assert doc.title == "M.AX 얼라이언스 출범"
    assert doc.published == "2025-09-10"
    assert doc.lang == "ko"
    assert doc.url == "https://www.example.kr/news/1001"
    assert doc.content_type == "text/markdown"
    assert "title:" not in doc.text and "---" not in doc.text and "#" not in doc.text
    assert doc.text.startswith("개요\n\n산업통상자원부는 M.AX 얼라이언스를 **2025년 9월 10일** 출범했다.")
    assert "](" not in doc.text
    assert "https://www.motie.go.kr/press/max-alliance" in doc.links
    assert doc.references == {"1": "https://www.motie.go.kr/budget/2026"}


def test_plain_text_keeps_markup_like_lines_but_reads_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("---\ntitle: 메모\ndate: 2025.09.10\n---\n# 1,000개 기관\n본문", encoding="utf-8")
    doc = read_path(str(path))
    assert doc.title == "메모" and doc.published == "2025-09-10"
    assert doc.text == "# 1,000개 기관\n본문"


def test_read_text_detects_html_and_markdown() -> None:
    html = read_text("<!doctype html><html lang=ja><body><article><p>会期は184日間。</p></article></body></html>",
                     "stdin")
    assert html.text == "会期は184日間。" and html.lang == "ja" and html.content_type == "text/html"
    md = read_text("---\ndate: 2025-09-10\n---\n## 요약\n[보도자료](https://www.motie.go.kr/x) 1,000개", "batch:3")
    assert md.published == "2025-09-10" and md.text == "요약\n보도자료 1,000개"
    assert md.links == ["https://www.motie.go.kr/x"]
    with pytest.raises(InputError, match=r"^stdin: empty input"):
        read_text("  \n", "stdin")


def test_read_path_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.html: no such file"):
        read_path(str(tmp_path / "missing.html"))
    with pytest.raises(InputError, match="is a directory"):
        read_path(str(tmp_path))
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    with pytest.raises(InputError, match=r"big\.txt: too large \(2000 bytes > limit 1000 bytes\)"):
        read_path(str(big), max_bytes=1000)
    hwp = tmp_path / "report.hwp"
    hwp.write_bytes(HWP_OLE2)
    with pytest.raises(InputError, match=r"report\.hwp: not text \(binary data, looks like HWP"):
        read_path(str(hwp))


# ------------------------------------------------------------------ PDF

def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "budget.pdf"
    path.write_bytes(make_pdf(["Budget 2026: 1134700000000 KRW", "Members: about 1,000"]))
    doc = read_path(str(path))
    assert doc.content_type == "application/pdf"
    assert "Budget 2026: 1134700000000 KRW" in doc.text and "Members: about 1,000" in doc.text


def test_pdf_detected_by_magic_even_when_mislabelled() -> None:
    doc = read_bytes(make_pdf(["Budget 2026"]), "download", content_type="application/octet-stream")
    assert doc.text == "Budget 2026"


def test_pdf_without_text_and_damaged_pdf() -> None:
    with pytest.raises(InputError, match=r"^scan\.pdf: PDF has no extractable text"):
        read_bytes(make_pdf([]), "scan.pdf")
    with pytest.raises(InputError, match=r"^bad\.pdf: (damaged PDF|PDF has no extractable text)"):
        read_bytes(b"%PDF-1.4\n" + zlib.compress(b"garbage") + b"\n%%EOF", "bad.pdf")


# ------------------------------------------------------------------ with the extractor, when present

def test_extractor_sees_body_figures_not_boilerplate() -> None:
    from claimwatch.extractors import extract

    body, _ = fixture_page("ko_max_alliance.html", "euc-kr", "none")
    doc = read_bytes(body, "ko.html")
    claims = extract(doc.text, lang="ko", published=doc.published, doc=doc.source)
    got = [(c.kind, c.value, c.unit, c.qualifier, c.text) for c in claims]
    # the article's figures only: visit counter 8,214명, phone, ranking 12,345 stay out
    assert got == [("date", "2025-09-10", None, None, "2025년 9월 10일"),
                   ("count", 1000, "개", "approx", "약 1,000개"),
                   ("date", "2026", None, None, "2026년"),
                   ("money", 1134700000000, "KRW", None, "1조 1,347억 원")]


def test_iso_2022_jp_is_decoded_not_passed_through_as_ascii() -> None:
    """7-bit pages with escape sequences must not reach the extractor as mojibake."""
    body = '<html><head><meta charset="iso-2022-jp"></head><body><p>政府は1兆1,347億ウォンを投じる。</p></body></html>'
    doc = read_bytes(body.encode("iso2022_jp"), "jis.html")
    assert doc.encoding == "iso2022_jp"
    assert "政府は1兆1,347億ウォンを投じる。" in doc.text
    undeclared = read_bytes("<p>政府は1兆円を投じる。</p>".encode("iso2022_jp"), "jis2.html")
    assert "1兆円" in undeclared.text
