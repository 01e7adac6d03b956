"""The speaker sidebar: who is quoted in the open article, in order of appearance."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...attribution import Attribution, Speaker
from ..display import speaker_prompt
from ..lists import KeyedList

#: Below this width the speaker sidebar folds away unless the user asks for it.
SIDEBAR_MIN_WIDTH = 100


class SpeakersPanel(KeyedList):
    """Lists the article's speakers; moving the cursor picks whose quotes to highlight."""


    class Highlighted(Message):
        """The speaker at ``index`` is now the selected one (None: nobody)."""

        def __init__(self, index: int | None) -> None:
            super().__init__()
            self.index = index

    class Chosen(Message):
        """Enter on a speaker: search the corpus for them."""

        def __init__(self, speaker: Speaker) -> None:
            super().__init__()
            self.speaker = speaker

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.speakers: tuple[Speaker, ...] = ()
        self.border_title = "Speakers"
        self.wanted: bool | None = None  # shown or hidden by the user; None: decided by the width

    def fit(self, width: int) -> None:
        """Show the sidebar if the user asked for it, else if the screen is ``width`` wide enough."""
        self.display = self.wanted if self.wanted is not None else width >= SIDEBAR_MIN_WIDTH

    def toggle(self, width: int) -> None:
        """Hide the sidebar if it shows, else show it; this holds whatever the width."""
        self.wanted = not self.display
        self.fit(width)

    def show_attribution(self, attribution: Attribution | None) -> None:
        self.speakers = attribution.speakers if attribution else ()
        self.clear_options()
        options: list[Option | None] = []
        for i, speaker in enumerate(self.speakers):
            if i:
                options.append(None)  # a separator line between speakers
            options.append(Option(speaker_prompt(i, speaker.name, speaker.role, len(speaker.quotes))))
        self.add_options(options)
        self.border_title = f"Speakers ({len(self.speakers)})" if self.speakers else "Speakers"
        self.highlighted = None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(event.option_index))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.speakers):
            self.post_message(self.Chosen(self.speakers[event.option_index]))

    def on_blur(self) -> None:
        self.post_message(self.Highlighted(None))

    def on_focus(self) -> None:
        if self.speakers and self.highlighted is None:
            self.highlighted = 0
        elif self.highlighted is not None:
            self.post_message(self.Highlighted(self.highlighted))
