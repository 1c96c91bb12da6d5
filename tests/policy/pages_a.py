PUBLIC_PAGES = {"policy-legislators", "policy-legislator"}
