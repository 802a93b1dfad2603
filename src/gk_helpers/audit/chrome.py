"""Site chrome is not report text: navigation, breadcrumbs, article metadata and the page footer.

A report published on a government website sits inside the site's page: a breadcrumb
("当前位置：首页 > 政务公开 > 政府信息公开年报"), the article's metadata (来源、发布时间、
字号、打印), tabs and share buttons, and at the bottom link lists, 网站标识码, 备案号,
版权所有 and 主办单位. Elements the page marks as chrome (class or id naming a header,
footer, navigation, breadcrumb …) are not read at all; the lines that remain are sorted
here. A footer line ends the report: what follows it is the site's, not the agency's.
"""

from __future__ import annotations

import re

from .cells import squash

#: Class or id words of page chrome (one word of a class name such as ``menu_hov`` or ``copyright_info``).
_CHROME_WORDS = re.compile(
    r"^(?:header|footer|foot|nav|navbar|menu|menus|submenu|breadcrumb|breadcrumbs|crumb|crumbs|position|location|"
    r"copyright|share|search|login|sidebar|links|friendlink|yqlj|bottom|topbar|toolbar|dqwz)$"
)

#: The lines of a page footer: the report has ended when one of them appears.
_FOOTER = re.compile(
    r"主办单位|承办单位|协办单位|主办[:：]|承办[:：]|技术支持[:：]|网站标识码|ICP备|ICP证|公安备案|公网安备|备案号|版权所有"
    r"|[Cc]opyright|©|建议使用.{0,20}浏览器|最佳浏览"
)
#: Footer link words: a footer only on a short line of links (「使用帮助 | 联系我们 | 隐私保护」), never inside a sentence.
_FOOTER_LINKS = re.compile(r"网站地图|设为首页|加入收藏|使用帮助|联系我们|隐私保护|网站声明|关于我们")
_SENTENCE = re.compile(r"[，。；！？,;!?]")
#: Navigation: "当前位置：首页 > …" or a chain of "首页 > 栏目 > 栏目".
_BREADCRUMB = re.compile(r"^(?:当前位置|您当前所在位置|您的位置|您现在的位置|当前所在位置|所在位置)\s*[:：]|首页\s*[>»＞›]")
#: Article metadata and page tools printed around the text.
_METADATA = re.compile(
    r"^(?:来源|信息来源|文章来源|发布时间|发布日期|更新时间|成文日期|时间|作者|责任编辑|编辑|浏览次数|访问量|点击数|阅读次数|字号|"
    r"发布机构|索引号|文号|主题分类|体裁分类|公开方式|公开日期|公开范围|有效性|时效)\s*[:：]"
    r"|^【?\s*(?:字体|字号)\s*[:：]?\s*(?:大|【)|^(?:打印本页|打印|关闭窗口|关闭|分享到|扫一扫|附件下载|相关附件|相关链接)\s*[:：]?\s*$"
    r"|^(?:全真版\s*)?文字版\s*文件下载"
)
#: Prefixes a person saving the page puts before the title (标题：沭阳县发展和改革局…).
SAVED_PREFIX = re.compile(r"^\s*(?:标题|题目|名称|文章标题|信息名称)\s*[:：]\s*")


def chrome_element(classes: list[str], element_id: str) -> bool:
    """Whether an HTML element's class or id names page chrome (``breadcrumb``, ``menu_hov``, ``copyright_info``)."""
    for name in [*classes, element_id or ""]:
        for word in re.split(r"[-_\s]+", name.lower()):
            if _CHROME_WORDS.match(word):
                return True
    return False


def footer_line(line: str) -> bool:
    """A line of the page footer (主办单位、网站标识码、备案号、版权所有, a short line of footer links …)."""
    flat = squash(line)
    return bool(_FOOTER.search(flat)) or (len(flat) <= 40 and not _SENTENCE.search(flat) and bool(_FOOTER_LINKS.search(flat)))


def chrome_line(line: str) -> bool:
    """A line of site chrome that is not the report's: breadcrumb, article metadata, page tools, footer."""
    flat = squash(line)
    return bool(_BREADCRUMB.search(flat) or _METADATA.search(flat)) or footer_line(line)
