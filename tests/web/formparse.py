"""Read the fields of one HTML form the way a browser would submit it."""

from __future__ import annotations

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """(name, value) pairs of the form with data-widget=NAME, in document order,
    plus the label text of every control (for checking that each one is labelled)."""

    def __init__(self, widget: str) -> None:
        super().__init__(convert_charrefs=True)
        self.widget = widget
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.labels: list[str] = []
        self._label: list[str] | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._first_option: str | None = None
        self._chosen: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("data-widget") == self.widget:
            self.inside = True
        if not self.inside:
            return
        if tag == "label":
            self._label = []
        elif tag == "input":
            kind = a.get("type", "text")
            if kind == "checkbox" and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
            if kind != "hidden" and self._label is None:
                raise AssertionError(f"input {a['name']} has no label")
        elif tag == "select":
            self._select, self._first_option, self._chosen = a["name"], None, None
            if self._label is None:
                raise AssertionError(f"select {a['name']} has no label")
        elif tag == "option":
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self._chosen = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "form":
            self.inside = False
        elif tag == "label" and self._label is not None:
            self.labels.append(" ".join("".join(self._label).split()))
            self._label = None
        elif tag == "select" and self._select is not None:
            self.fields.append((self._select, self._chosen or self._first_option or ""))
            self._select = None

    def handle_data(self, data: str) -> None:
        if self.inside and self._label is not None:
            self._label.append(data)


def widget_form(html: str, widget: str) -> FormFields:
    parser = FormFields(widget)
    parser.feed(html)
    return parser
