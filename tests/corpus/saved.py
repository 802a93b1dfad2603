"""A report page someone saved from the county site (沭阳县发展和改革局 2023), kept as they saved it.

The saver's own head (「标题：」「单位：」「来源：」「采集时间：」 lines) comes first; inside <article> is the
site's page as served: its header with date, 繁體版/无障碍 links, search form and main menu, the column
names, the document's metadata table (名称, 索引号, 发布机构, 公开日期 …), the title, and the text as the
site's editor stored it — every run a <font face> inside a <span>, empty cells as ``<o:p> </o:p>``, labels
split over several spans, the sign-off indented with spaces — and the footer in an iframe.
"""

from __future__ import annotations

from html import escape

from .grids import s2_rows, s3_rows, s4_rows
from .model import Report

_P = '<p style="text-indent: 2em; text-align: justify; line-height: 2; font-family: 微软雅黑;" align="">'
_OP = '<span style="font-family: 微软雅黑;"><o:p></o:p></span></p>'


def _runs(text: str, face: str) -> str:
    """Text as the editor stores it: digits and Latin in bare spans or Times runs, the rest in <font face> runs."""
    out, chunk, latin = [], "", None
    for ch in text + "\0":
        is_latin = ch.isascii()
        if chunk and (is_latin != latin or ch == "\0"):
            if latin:
                out.append(f'<span style="font-family: 微软雅黑;">{escape(chunk)}</span>')
            else:
                out.append(f'<span style="font-family: 微软雅黑;"><font style="font-family: 微软雅黑;" face="{face}">'
                           f'{escape(chunk)}</font></span>')
            chunk = ""
        chunk += ch
        latin = is_latin
    return "".join(out)


def _paragraph(text: str, face: str = "方正仿宋_GBK") -> str:
    return _P + _runs(text, face) + _OP


def _cell(text: str, rs: int, cs: int) -> str:
    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    if not text:
        body = '<span style="font-family: 微软雅黑;"><o:p> </o:p></span>'
    else:  # labels typed in pieces: 「一」「、本年新收…」, 「（」「三」「）」「不予公开」
        pieces = [text[:1], text[1:]] if text[:1] in "一二四" and text[1:2] == "、" else [text]
        body = "".join(f'<span style="font-family: 微软雅黑;">{escape(p)}</span>' for p in pieces) + \
            '<span style="font-family: 微软雅黑;"><o:p></o:p></span>'
    return (f'<td{attrs} style="font-family: 微软雅黑;" width="44" valign="center">\n      '
            f'<p style="text-align: justify; line-height: 2; font-family: 微软雅黑;" align="">{body}</p>\n      </td>')


def _table(rows) -> str:
    body = "".join("    <tr>\n      " + "\n      ".join(_cell(*c) for c in row) + "\n    </tr>\n" for row in rows)
    return ('<table style="BORDER-COLLAPSE:collapse" cellspacing="0" cellpadding="2" bordercolor="#000000" border="1">\n'
            f"  <tbody>\n{body}  </tbody>\n</table>")


def _content(doc: Report) -> str:
    parts = [_paragraph(t) for t in doc.preamble]
    tables = {2: s2_rows(doc), 3: s3_rows(doc), 4: s4_rows(doc)}
    for i in range(1, 7):
        parts.append(_paragraph(doc.heading(i), "方正黑体_GBK"))
        if i in tables:
            table = _table(tables[i])
            parts.append(f'<div style="text-indent: 2em; text-align: justify; line-height: 2;" align="">\n{table}\n</div>'
                         if i != 4 else table)
            parts.append(_P + '<span style="font-family: 微软雅黑;"><o:p> </o:p></span></p>')
        parts += [_paragraph(t, "方正楷体_GBK" if t.startswith("（") and len(t) < 24 else "方正仿宋_GBK")
                  for t in doc.prose.get(i, [])]
    if doc.sign_off:
        pad = " " * 118
        parts += [f'{_P}<span style="font-family: 微软雅黑;"><o:p>{pad}{escape(line)}</o:p></span></p>' for line in doc.sign_off]
    return "\n".join(parts)


def shuyang_saved_page(doc: Report) -> str:
    """The saved page."""
    title, short, url = doc.title_lines[0], doc.extra["short_name"], doc.extra["url"]
    nav = "".join(f'<li class="nav{i}"><a href="/shuyang/{p}.shtml">{n}</a></li>' for i, (p, n) in enumerate(
        [("index", "首页"), ("zjsy/zjsy", "走进沭阳"), ("bsfw/bsfw", "办事服务"), ("zmhd/zmhd", "政民互动"),
         ("xxgk/xxgk", "政府信息公开"), ("sjkf/sjfb", "数据开放")]))
    return f"""<!doctype html>
<html>
<head>
<meta charset="utf-8" />
<title>{escape(title)}-{escape(short)}</title>
<style>
  body {{ font-family: system-ui, sans-serif; margin: 24px; line-height: 1.65; }}
  table, th, td {{ border: 1px solid #333; }}
  .meta {{ color:#444; font-size: 12px; margin-bottom: 16px; }}
</style>
</head>
<body>
<div class="meta">
  <div><strong>标题：</strong>{escape(title)}-{escape(short)}</div>
  <div><strong>单位：</strong>{escape(short)}</div>
  <div><strong>来源：</strong><a href="{url}">{url}</a></div>
  <div><strong>采集时间：</strong>{doc.extra["saved"]}</div>
</div>
<article>
<div class="head">
<meta name="SiteName" content="沭阳县人民政府">
<meta name="SiteIDCode" content="3213220037">
<title>
    沭阳县人民政府
  </title>
<div class="header-t">
  <div class="container">
    <div class="fl"><span id="utime">2025年12月30日\t星期二</span></div>
    <div class="header-menu fr"><ul class="fl">
        <li><h4><a class="jft" href="javascript:void(0);">繁體版</a></h4></li>
        <li class="wza"><h4><a href="javascript:;" class="bf_button">无障碍</a></h4></li>
        <li class="wza"><h4><a href="javascript:;">适老化</a></h4></li>
        <li class="wza"><h4><a href="/shuyang/znwd/znwd.shtml">智能问答</a></h4></li>
      </ul></div>
  </div>
</div>
<div class="header-ban">
  <div class="container">
    <div class="header-logo"><div class="emblem"><img src="/shuyang/xhtml/images/logo_emblem.png" alt=""></div></div>
    <div class="header-search"><form action="/search4/s" method="post" name="form1" target="_blank" id="form1">
<input name="searchWord" type="text" class="s-txt" id="searchWord" size="50" placeholder="请输入关键词">
<input type="submit" name="button" class="s-btn" id="searchBtn" value=""></form></div>
  </div>
  <div class="mainNav"><div class="container"><ul class="clearfix">{nav}</ul></div></div>
</div>
<script>time();</script>
</div>
<div class="xxgkMain" style="padding-bottom: 40px">
  <div class="container">
         <h2 class="siteTit">{escape(short)}</h2>
       <div class="xxgkHead"><h3 class="pageTit">政府信息公开</h3></div>
       <div class="xxgkCon clearfix">
            <div class="xxgkArticle">
            <div class="article-tb">
      <table class="table_content"><tbody>
          <tr><td class="c1" align="center">名称</td><td class="c4" colspan="3" align="left">
              {escape(title)}
            </td></tr>
          <tr><td class="c1" align="center">索引号</td><td class="c2" align="left">{doc.extra["index_number"]}</td>
            <td class="c1" align="center">分类</td><td class="c3" align="left">
              信息公开年报
              &nbsp;&nbsp;其他
              &nbsp;&nbsp;
              报告
            </td></tr>
          <tr><td class="c1" align="center">发布机构</td><td class="c2" align="left">{escape(doc.agency)}</td>
            <td class="c1" align="center">公开日期</td><td class="c3" align="left"><publishtime>{doc.published}</publishtime></td></tr>
          <tr><td class="c1" align="center">文号</td><td class="c2" align="left"></td><td class="c1" align="center">关键词</td><td class="c3" align="left"></td></tr>
          <tr><td class="c1" align="center">文件下载</td><td class="c4" colspan="3" align="left">
            </td></tr>
          <tr><td class="c1" align="center">时效</td><td class="c4" colspan="3" align="left">
            </td></tr>
      </tbody></table>
 </div>
              <div class="xxgkcont clearfix"><div class="xxfkl l" style="width: 100%;">
                    <h1 class="article-title"><ucaptitle>{escape(title)}</ucaptitle></h1>
                    <div class="article-content " id="zoomcon">
                    <ucapcontent>{_content(doc)}</ucapcontent>
                   </div>
                   </div></div>
            </div>
        </div>
  </div>
</div>
<iframe src="/shuyang/footer/footer.shtml" frameborder="0" width="100%" id="adbottom" class="adbottom" scrolling="no"></iframe>
</article>
</body>
</html>
"""
