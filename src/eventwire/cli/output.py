"""Print articles and problems; reports go to stderr so stdout stays machine-readable."""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field

from tqdm import tqdm

from eventwire.errors import Problem
from eventwire.read.article import Article


def article_json(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


def article_text(article: Article, show_removals: bool = False) -> str:
    lines = [f"# {article.title or '(untitled)'}"]
    meta = [
        article.published.isoformat() if article.published else "date unknown",
        article.source or "",
        article.url or "",
    ]
    lines.append(" | ".join(m for m in meta if m))
    lines += ["", article.text]
    if article.captions:
        lines += ["", "Captions:"]
        lines += [f"- {c.text}" + (f" [{c.credit}]" if c.credit else "") for c in article.captions]
    if article.related:
        lines += ["", "Related:"]
        lines += [
            f"- {link.title}" + (f" <{link.url}>" if link.url else "") for link in article.related
        ]
    if show_removals and article.removals:
        lines += ["", "Removed:"]
        lines += [f"- line {r.line}: {r.rule}: {r.text}" for r in article.removals]
    return "\n".join(lines) + "\n"


@dataclass
class Reporter:
    """Counts what happened and writes warnings without breaking a progress bar.

    Problems met before any article is read are held back: if nothing can be read at
    all they are reported as errors, otherwise as warnings.
    """

    progress: tqdm | None = None
    quiet: bool = False
    articles: int = 0
    problems: int = 0
    rules_touched: Counter[str] = field(default_factory=Counter)
    pending: list[Problem] = field(default_factory=list)

    def _say(self, line: str) -> None:
        if self.progress is not None:
            self.progress.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    def problem(self, problem: Problem) -> None:
        self.problems += 1
        if self.progress is not None:
            self.progress.set_postfix(problems=self.problems, refresh=False)
        if self.articles == 0:
            self.pending.append(problem)
        else:
            self._say(f"eventwire: warning: {problem}")

    def article(self, article: Article) -> None:
        if self.articles == 0:
            for held in self.pending:
                self._say(f"eventwire: warning: {held}")
            self.pending.clear()
        self.articles += 1
        self.rules_touched.update({r.rule for r in article.removals})
        if self.progress is not None:
            self.progress.update(1)
        if not self.quiet:
            for warning in article.warnings:
                self._say(f"eventwire: warning: {article.origin}: {warning}")

    def finish(self) -> int:
        """Report what is left; the exit status is 1 when nothing could be read."""
        if self.progress is not None:
            self.progress.close()
        if self.articles == 0:
            for held in self.pending:
                print(f"eventwire: error: {held}", file=sys.stderr)
            if not self.pending:
                print("eventwire: error: no input given", file=sys.stderr)
            return 1
        return 0

    def summary(self) -> str:
        rules = ", ".join(f"{rule} {count}" for rule, count in self.rules_touched.most_common())
        return (
            f"read {self.articles} articles, {self.problems} problems; "
            f"articles touched per clean-up rule: {rules or 'none'}"
        )
