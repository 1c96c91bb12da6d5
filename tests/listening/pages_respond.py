"""The respondent's pages: open to anyone, like the list of surveys."""

PUBLIC_PAGES = {
    "listening-survey", "listening-survey-partner", "listening-survey-page",
    "listening-survey-finish", "listening-survey-thanks",
}
