"""Corpus documents as the government sites print them: the site's page around the report.

Each site keeps what its real page has around the text — the header and its menus, the
breadcrumb ending in the column name 「政府信息公开年报」, the article's metadata (来源, 时间, 字号,
打印), link lists and a footer with 网站标识码, 备案号, 版权所有 and 主办单位 — and the markup its
editor leaves in the text: Word-pasted ``MsoNormal`` spans and ``<o:p>``, ``<font face>`` runs, label
cells broken into several paragraphs, ``&nbsp;`` runs, a layout table around the article.
"""

from __future__ import annotations

from html import escape

from .grids import s2_rows as _s2_rows
from .grids import s3_rows as _s3_rows
from .grids import s4_rows as _s4_rows
from .model import Report


def _attrs(rs: int, cs: int) -> str:
    return (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")


def _word_cell(text: str, rs: int, cs: int, shade: bool = False) -> str:
    """A cell as Word pastes it into the site's editor: MsoNormal paragraph, mso span, blanks as &nbsp;."""
    style = ("width:108.2000pt;padding:0.0000pt 5.4000pt 0.0000pt 5.4000pt ;border-left:1.0000pt solid windowtext;"
             "mso-border-left-alt:0.5000pt solid windowtext;border-bottom:1.0000pt solid windowtext;"
             + ("background:rgb(198,217,241);" if shade else ""))
    body = "<br/>".join(escape(part) for part in text.split("\n")) if text else "&nbsp;"
    if text.endswith("元") and text[:-1].replace(".", "").isdigit():  # the number and its unit typed in two runs
        body = f'<span style="font-family: 仿宋_GB2312; font-size: 16px;">{escape(text[:-1])}</span>' \
               f'<span style="font-family:仿宋_GB2312;font-size:12.0000pt;mso-font-kerning:1.0000pt;">元</span>'
    else:
        body = f'<span style="mso-spacerun:&#39;yes&#39;;font-family:仿宋_GB2312;font-size:12.0000pt;\nmso-font-kerning:1.0000pt;">{body}</span>'
    return (f'<td width="144" valign="center"{_attrs(rs, cs)} style="{style}"><p class="MsoNormal" '
            f'style="line-height:30.0000pt;mso-line-height-rule:exactly;">{body}<span style="font-family:仿宋_GB2312;'
            f'font-size:12.0000pt;mso-font-kerning:1.0000pt;"></span></p></td>')


def _font_cell(text: str, rs: int, cs: int) -> str:
    """A cell of a page pasted with <font face> runs and empty <o:p> (a zero typed after a Calibri space)."""
    inner = f'<font face="Calibri">&nbsp;</font><font face="仿宋_GB2312">{escape(text)}</font>' if text == "0" else escape(text)
    return (f'<td width="122" valign="center"{_attrs(rs, cs)} style="width:92.1000pt;padding:3.7500pt 3.7500pt 3.7500pt 3.7500pt ;'
            f'border-left:1.0000pt outset windowtext;border-bottom:1.0000pt outset windowtext;"><p class="p" align="justify" '
            f'style="margin-top:1.5000pt;text-indent:24.0000pt;line-height:21.0000pt;"><span style="font-family:仿宋_GB2312;'
            f'color:rgb(51,51,51);font-size:14.0000pt;">{inner}</span><span style="font-family:Calibri;font-size:12.0000pt;">'
            f'<o:p></o:p></span></p></td>')


def _trs_cell(text: str, rs: int, cs: int, split: bool) -> str:
    """A cell as the site's own editor writes it; header words broken into paragraphs (商业/企业, 社会/公益/组织)."""
    parts = {"商业企业": ["商业", "企业"], "科研机构": ["科研", "机构"], "社会公益组织": ["社会", "公益", "组织"],
             "法律服务机构": ["法律", "服务", "机构"], "三、本年度办理结果": ["三、本", "年度办", "理结果"]}.get(text)
    if parts and (split or text in ("商业企业", "科研机构")):
        pad = " &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp;"
        body = "".join(f'<p style="text-indent: 0em;">{escape(p)}{pad if i and split else ""}</p>' for i, p in enumerate(parts))
    else:
        body = f'<p style="text-indent: 0em;">{escape(text)}</p>'
    return (f'<td{_attrs(rs, cs)} style="padding: 0px 4px; border-width: medium 1px 1px medium; border-style: none solid solid none; '
            f'border-color: currentcolor windowtext windowtext currentcolor;" valign="center">{body}</td>')


def _table(rows, cell, table_attrs: str) -> str:
    out = []
    for i, row in enumerate(rows):
        cls = ' class="firstRow"' if i == 0 else ""
        out.append(f"<tr{cls}>" + "".join(cell(t, rs, cs) for t, rs, cs in row) + "</tr>")
    return f"<table {table_attrs}><tbody>{''.join(out)}</tbody></table>"


# ---- 平潭综合实验区 ----------------------------------------------------------------------------------

_PT_NAV = ["首页", "政务公开", "解读回应", "办事服务", "互动交流", "走进平潭"]
_PT_LINKS = ["闽南日报", "闽北日报", "闽西日报", "闽东日报", "泉州晚报", "三明日报", "海峡导报", "新浪福建", "网易", "搜狐"]


def _pt_paragraph(text: str, markup: str, heading: bool = False, strong: bool = False) -> str:
    if markup == "word":
        font = "黑体" if heading else ("楷体_GB2312" if text.startswith("（") and len(text) < 24 else "仿宋_GB2312")
        return (f'<p class="MsoNormal" style="text-indent:34.0000pt;mso-char-indent-count:2.0000;line-height:31.0000pt;">'
                f'<span style="mso-spacerun:&#39;yes&#39;;font-family:{font};mso-bidi-font-family:&#39;Times New Roman&#39;;\n'
                f'font-size:16.0000pt;mso-font-kerning:1.0000pt;">{escape(text)}</span>'
                + ("&nbsp;" * 23 if heading else "") + '<span style="font-size:16.0000pt;"></span></p>')
    if markup == "word-font":
        return (f'<p class="p" style="margin: 0pt; text-indent: 31.4pt; padding: 0pt;"><span style="font-family: '
                f'{"黑体" if heading else "仿宋_GB2312"}; color: rgb(76, 76, 76); font-size: 16pt;"><font face="仿宋_GB2312">'
                f'{escape(text)}</font></span><span style="font-family: 微软雅黑; font-size: 12pt;"><o:p></o:p></span></p>')
    body = f"<strong>{escape(text)}</strong>" if strong and heading else escape(text)
    return f'<p style="text-indent: 2em;">{body}</p>'


def _pt_content(doc: Report) -> str:
    markup = doc.extra.get("markup", "trs")
    strong = doc.extra.get("strong_headings", False)
    parts = []
    if markup == "word":  # the title typed into the text as well, on two lines
        parts += [f'<p class="MsoNormal" style="text-align:center;line-height:31.0000pt;"><span style="font-family:方正小标宋简体;'
                  f'font-size:22.0000pt;">{escape(line)}</span></p>' for line in doc.title_lines]
        parts.append('<p class="MsoNormal" style="line-height:31.0000pt;"><span style="font-size:10.5000pt;">&nbsp;</span></p>')
    parts += [_pt_paragraph(p, markup) for p in doc.preamble]
    if markup == "word":
        cell, attrs = (lambda t, rs, cs: _word_cell(t, rs, cs, shade=t.startswith("第二十条"))), \
            'class="MsoNormalTable" border="1" cellspacing="0" style="border-collapse:collapse;width:420.0000pt;border:none;"'
    elif markup == "word-font":
        cell, attrs = _font_cell, 'border="1" cellspacing="0" style="border-collapse:collapse;border:none;"'
    else:
        split = doc.extra.get("split_labels", False)
        cell, attrs = (lambda t, rs, cs: _trs_cell(t, rs, cs, split)), \
            'style="border-collapse:collapse;border:none" cellspacing="0" align="center" border="1"'
    tables = {2: _table(_s2_rows(doc), cell, attrs), 3: _table(_s3_rows(doc), cell, attrs), 4: _table(_s4_rows(doc), cell, attrs)}
    for i in range(1, 7):
        parts.append(_pt_paragraph(doc.heading(i), markup, heading=True, strong=strong))
        if i in tables:
            table = tables[i]
            parts.append(f'<div align="center">{table}</div>' if markup == "word-font" else table)
        parts += [_pt_paragraph(p, markup) for p in doc.prose.get(i, [])]
    if markup == "word-font":
        parts.append('<p class="p"><span>附件下载</span></p>')
    return "".join(parts)


def pingtan_page(doc: Report) -> str:
    """The report as www.pingtan.gov.cn serves it (政府信息公开年报 column)."""
    title = doc.extra.get("page_title") or f"{doc.agency}{doc.year}年政府信息公开工作年度报告"
    nav = "".join(f'<li><a href="/">{escape(n)}</a></li>' for n in _PT_NAV)
    crumbs = "".join(f'<li><a href="../" class="CurrChnlCls">{c}</a></li>' for c in ("首页", "政务公开", "政府信息公开", "政府信息公开年报"))
    links = "".join(f'<li class="trt-col-ave-7"><a href="https://example.invalid/" target="_blank">{n}</a></li>' for n in _PT_LINKS)
    return f"""<!DOCTYPE html>
<html ms-controller="windowRoot">
  <head>
    <meta charset="utf-8" name="viewport" content="width=device-width, initial-scale=1.0" />
    <meta name="SiteName" content="平潭综合实验区党工委管委会"/>
    <meta name="ColumnName" content="政府信息公开年报"/>
    <meta name="ArticleTitle" content="{title}"/>
    <title>{title}_政府信息公开年报_平潭综合实验区党工委管委会</title>
  </head>
  <body>
    <div class="warp info_public_bg">
      <div class="header menu_hov"><div class="row"><div class="logo trt-col-9"><img src="/images/site_logo.png" /></div>
        <div class="header_line clearflx"><div class="header_link_01"><a href="https://www.gov.cn/">国务院</a><a href="https://www.fujian.gov.cn/">省政府</a></div>
        <span>网站支持IPV6</span></div>
        <div class="menu_base menu_right menu_hd"><ul class="clearflx" role="navigation">{nav}</ul></div>
        <div class="search_fixed"><form method="get" action="/ssp/main/index.html"><input type="text" placeholder="请输入搜索内容" name="key"/><button class="btn_base">搜索</button></form></div>
      </div></div>
      <div class="banner_header"><div class="row"><div class="area_weather"><p id="weather-box"><iframe src="about:blank"></iframe></p></div>
        <div class="aged_link"><a href="javascript:void(0);">长者模式</a><a href="javascript:void(0);">无障碍浏览</a></div></div></div>
      <div class="main"><div class="content">
        <div class="row"><div class="info_public_tit"><img src="/images/20200907-wz-banner.png" alt="政府信息公开" /></div></div>
        <div class="row content_bg_02" role="viewlist" des="正文">
          <div class="breadcrumb"><span>当前位置：</span><ul>{crumbs}</ul></div>
          <div class="pad_t_base"><div class="article_component">
            <div class="article_title_group"><div class="article_title text_align_center">
                          {title}
                        </div></div>
            <div class="article_extend"><div class="trt-row"><div class="trt-col-16">
              <span class="article_source">{escape(doc.extra.get("source_line", ""))}</span>
              <span class="article_time bf-pass">时间：{escape(doc.published)}</span></div>
              <div class="trt-col-8 function_icon none_sm"><span class="share">微信 微博 QQ空间</span></div></div></div>
            <div class="tabs tab_base_01"><div class="tabs_hd"><ul><li><a href="javascript:;">全真版</a></li><li><a href="javascript:;">文字版</a></li></ul>
              <a class="download">文件下载</a></div>
              <div class="tabs_content tabs_bd"><div class="word_con"><div class="article_area"><div class="article_content article_content_01 font_family_cn">
                <div class=TRS_Editor>{_pt_content(doc)}</div>
              </div></div></div></div></div>
          </div></div>
        </div>
      </div></div>
      <div class="out_links"><ul class="trt-row"><li class="trt-col-6"><p>其他</p><div class="shadow_base" Id="yqlj_4"><ul class="trt-row">{links}</ul></div></li></ul></div>
      <div class="row" role="serve" des="网站信息"><div class="trt-row clearflx"><div class="trt-col-11 website_info">
        <p><a href="/zwzdb/sybz/">使用帮助</a><em>|</em><a href="/zwzdb/lxwm/">联系我们</a><em>|</em><a href="/zwzdb/ysbh/">隐私保护</a><em>|</em><a href="/zwzdb/gywm/">关于我们</a></p>
        <p><span>网站标识码：3590000001</span><span><a href="#">公安备案号：35012899001-19002</a></span><span><a href="#">闽ICP备09032658号</a></span></p>
        <p><span>版权所有：平潭综合实验区党工委管委会网站</span></p></div></div></div>
      <div class="copyright_info"><div class="row"><p><span>主办单位：福建省平潭综合实验区管理委员会办公室</span></p>
        <p>为确保最佳浏览效果，建议您使用以下浏览器版本：IE浏览器9.0版本及以上。</p></div></div>
    </div>
    <script>var SiteInfo = {{ searchId: 200210 }};</script>
    <script src="/images/model.min.js"></script>
  </body>
</html>
"""


# ---- 上海市人民政府 (the portal's article page in a layout table) -------------------------------------

def _sh_cell(text: str, rs: int, cs: int) -> str:
    body = "<br />".join(escape(p) for p in text.split("\n")) if text else "&nbsp;"
    return f'<td{_attrs(rs, cs)} nowrap="nowrap" style="width:47px;"><p align="center">{body}</p></td>'


def shanghai_page(doc: Report) -> str:
    """The report as the portal's article page printed it: a layout table around a plain article."""
    attrs = 'align="center" border="1" cellspacing="1"'
    tables = {2: _table(_s2_rows(doc), _sh_cell, attrs), 3: _table(_s3_rows(doc), _sh_cell, attrs),
              4: _table(_s4_rows(doc), _sh_cell, attrs)}
    parts = [f"<p style='text-align: center;font-weight: bold;'>{escape(doc.title_lines[0])}</p>",
             f"<p style='text-align: center'>发布日期：{doc.published}</p>"]
    parts += [f"<p>{escape(p)}</p>" for p in doc.preamble]
    for i in range(1, 7):
        parts.append(f"<p>{'<br />' if i == 4 else ''}{escape(doc.heading(i))}</p>")
        parts += ([tables[i]] if i in tables else []) + [f"<p>{escape(p)}</p>" for p in doc.prose.get(i, [])]
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(doc.title_lines[0])}</title></head>
<body>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center" class="layout">
<tr><td class="top" colspan="2"><div class="nav"><a href="/">首页</a> | <a href="/nw2/">要闻动态</a> | <a href="/nw12344/">政务公开</a></div></td></tr>
<tr><td class="position" colspan="2">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</td></tr>
<tr><td width="200" valign="top" class="side"><ul><li><a href="#">政策文件</a></li><li><a href="#">法定主动公开内容</a></li><li><a href="#">政府信息公开年报</a></li></ul></td>
<td valign="top"><div class="Article_content" id="ivs_content">{''.join(parts)}</div>
<p class="tools">【打印本页】 【关闭窗口】</p></td></tr>
<tr><td colspan="2" class="foot"><p>主办：上海市人民政府办公厅</p><p>网站标识码：3100000001 &nbsp; 沪ICP备05001234号</p></td></tr>
</table>
</body></html>
"""

