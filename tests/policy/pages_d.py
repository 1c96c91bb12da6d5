"""The bill tracker's public pages: the list, a bill, and a member's alert-choice link."""

PUBLIC_PAGES = {"policy-bills", "policy-bill", "policy-bill-alerts"}
