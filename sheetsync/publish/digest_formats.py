"""A digest Message as plain text, HTML, a Slack Block Kit payload and a Teams Adaptive Card."""

from __future__ import annotations

from html import escape
from typing import Any

from sheetsync.publish.digest import Item, Message

SLACK_HEADER_MAX, SLACK_SECTION_MAX, SLACK_BLOCKS_MAX = 150, 3000, 50
"""Slack's documented limits: header plain_text 150 characters, section text 3000, 50 blocks."""
ADAPTIVE_CARD_VERSION = "1.4"
ADAPTIVE_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"


def _score(item: Item) -> str:
    return "" if item.score is None else f", score {item.score:.2f}"


def item_text(item: Item) -> str:
    return (f"{item.kr_id} {item.title} [{item.status}{_score(item)}]: {item.why}; "
            f"update {item.cell}")


def to_text(msg: Message) -> str:
    """The plain-text part of the email, and what `--to stdout` and a dry run print."""
    out = [msg.headline, ""]
    for s in msg.sections:
        if not (s.items or s.lines):
            continue
        out.append(f"{s.title}:")
        for item in s.items:
            out.append(f"  - {item_text(item)}")
            out.append(f"    {item.link}")
        out.extend(f"  - {line}" for line in s.lines)
        out.append("")
    if msg.empty:
        out.append("Nothing to report this week.")
    return "\n".join(out).rstrip() + "\n"


def to_html(msg: Message) -> str:
    """The HTML part of the email: the same content, each cell a link."""
    parts = ["<!DOCTYPE html><html><body style=\"font-family:sans-serif\">",
             f"<h2>{escape(msg.headline)}</h2>"]
    for s in msg.sections:
        if not (s.items or s.lines):
            continue
        parts.append(f"<h3>{escape(s.title)}</h3><ul>")
        for item in s.items:
            parts.append(
                f"<li><b>{escape(item.kr_id)}</b> {escape(item.title)} "
                f"[{escape(item.status)}{escape(_score(item))}]: {escape(item.why)}; update "
                f"<a href=\"{escape(item.link, quote=True)}\">{escape(item.cell)}</a></li>")
        parts.extend(f"<li>{escape(line)}</li>" for line in s.lines)
        parts.append("</ul>")
    if msg.empty:
        parts.append("<p>Nothing to report this week.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mrkdwn(text: str) -> str:
    """Slack's three escapes in text: &, < and > (link syntax uses <url|text>)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_slack(msg: Message) -> dict[str, Any]:
    """An incoming-webhook payload: `text` (the notification fallback) and Block Kit blocks —
    a header, then a section per item or group of lines, within Slack's limits."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text",
                                    "text": _clip(msg.headline, SLACK_HEADER_MAX)}}]
    for s in msg.sections:
        if not (s.items or s.lines):
            continue
        blocks.append({"type": "section",
                       "text": {"type": "mrkdwn", "text": f"*{_mrkdwn(s.title)}*"}})
        for item in s.items:
            line = (f"<{item.link}|{_mrkdwn(item.cell)}> *{_mrkdwn(item.kr_id)}* "
                    f"{_mrkdwn(item.title)} [{_mrkdwn(item.status)}{_score(item)}]: "
                    f"{_mrkdwn(item.why)}")
            blocks.append({"type": "section",
                           "text": {"type": "mrkdwn", "text": _clip(line, SLACK_SECTION_MAX)}})
        if s.lines:
            text = "\n".join(f"• {_mrkdwn(line)}" for line in s.lines)
            blocks.append({"type": "section",
                           "text": {"type": "mrkdwn", "text": _clip(text, SLACK_SECTION_MAX)}})
    if len(blocks) > SLACK_BLOCKS_MAX:
        more = len(blocks) - SLACK_BLOCKS_MAX + 1
        blocks = blocks[: SLACK_BLOCKS_MAX - 1] + [{"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"… and {more} more (see the sheet)"}]}]
    return {"text": _clip(msg.headline, SLACK_SECTION_MAX), "blocks": blocks}


def to_teams(msg: Message) -> dict[str, Any]:
    """An incoming-webhook message carrying one Adaptive Card: TextBlocks, and an
    Action.OpenUrl per key result to open its cell."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": msg.headline, "weight": "Bolder", "size": "Medium",
         "wrap": True}]
    actions: list[dict[str, Any]] = []
    for s in msg.sections:
        if not (s.items or s.lines):
            continue
        body.append({"type": "TextBlock", "text": s.title, "weight": "Bolder", "wrap": True,
                     "separator": True})
        for item in s.items:
            body.append({"type": "TextBlock", "wrap": True,
                         "text": f"[{item.cell}]({item.link}) {item_text(item)}"})
            if len(actions) < 5:
                actions.append({"type": "Action.OpenUrl", "title": f"Open {item.cell}",
                                "url": item.link})
        body.extend({"type": "TextBlock", "text": f"- {line}", "wrap": True} for line in s.lines)
    card: dict[str, Any] = {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                            "type": "AdaptiveCard", "version": ADAPTIVE_CARD_VERSION,
                            "body": body}
    if actions:
        card["actions"] = actions
    return {"type": "message", "attachments": [
        {"contentType": ADAPTIVE_CONTENT_TYPE, "contentUrl": None, "content": card}]}
