"""Turn a terminal capture with colours (``tmux capture-pane -e -p``) into an HTML page to screenshot.

Reads the capture on stdin, writes HTML on stdout. It understands the SGR sequences tmux
writes: the 16 colours, the 256-colour palette, 24-bit colour, bold, italic, underline and
reverse. Every character is HTML-escaped.
"""

from __future__ import annotations

import html
import re
import sys

_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_BASE = ["#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
         "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff"]
FOREGROUND, BACKGROUND = "#d0d0d0", "#1c1c1c"


def palette(index: int) -> str:
    if index < 16:
        return _BASE[index]
    if index < 232:
        index -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[index // 36], steps[index // 6 % 6], steps[index % 6])
    grey = 8 + 10 * (index - 232)
    return "#%02x%02x%02x" % (grey, grey, grey)


class Style:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.fg: str | None = None
        self.bg: str | None = None
        self.bold = self.italic = self.underline = self.reverse = False

    def apply(self, codes: list[int]) -> None:
        codes = codes or [0]
        index = 0
        while index < len(codes):
            code = codes[index]
            if code == 0:
                self.reset()
            elif code == 1:
                self.bold = True
            elif code == 22:
                self.bold = False
            elif code == 3:
                self.italic = True
            elif code == 23:
                self.italic = False
            elif code == 4:
                self.underline = True
            elif code == 24:
                self.underline = False
            elif code == 7:
                self.reverse = True
            elif code == 27:
                self.reverse = False
            elif 30 <= code <= 37 or 90 <= code <= 97:
                self.fg = _BASE[code - 30 if code < 90 else code - 90 + 8]
            elif 40 <= code <= 47 or 100 <= code <= 107:
                self.bg = _BASE[code - 40 if code < 100 else code - 100 + 8]
            elif code == 39:
                self.fg = None
            elif code == 49:
                self.bg = None
            elif code in (38, 48) and index + 1 < len(codes):
                if codes[index + 1] == 5 and index + 2 < len(codes):
                    colour = palette(codes[index + 2])
                    index += 2
                elif codes[index + 1] == 2 and index + 4 < len(codes):
                    colour = "#%02x%02x%02x" % tuple(codes[index + 2:index + 5])
                    index += 4
                else:
                    colour = None
                if code == 38:
                    self.fg = colour
                else:
                    self.bg = colour
            index += 1

    def css(self) -> str:
        fg, bg = self.fg or FOREGROUND, self.bg or BACKGROUND
        if self.reverse:
            fg, bg = bg, fg
        out = [f"color:{fg}", f"background:{bg}"]
        if self.bold:
            out.append("font-weight:bold")
        if self.italic:
            out.append("font-style:italic")
        if self.underline:
            out.append("text-decoration:underline")
        return ";".join(out)


def convert(text: str, title: str) -> str:
    style = Style()
    rows = []
    for line in text.rstrip("\n").split("\n"):
        out = []
        last = 0
        for found in _SGR.finditer(line):
            if found.start() > last:
                out.append(f'<span style="{style.css()}">{html.escape(line[last:found.start()])}</span>')
            style.apply([int(c) for c in found.group(1).split(";") if c])
            last = found.end()
        if last < len(line):
            out.append(f'<span style="{style.css()}">{html.escape(line[last:])}</span>')
        rows.append("".join(out))
    body = "\n".join(rows)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title><style>"
            f"body{{margin:0;background:{BACKGROUND}}}pre{{margin:0;padding:10px;font:14px/1.25 'DejaVu Sans Mono',"
            f"monospace;color:{FOREGROUND};background:{BACKGROUND}}}</style></head><body><pre>{body}</pre></body>"
            "</html>\n")


if __name__ == "__main__":
    sys.stdout.write(convert(sys.stdin.read(), sys.argv[1] if len(sys.argv) > 1 else "terminal"))
