PUBLIC_PAGES = {"policy-index", "policy-agendas", "policy-agenda", "policy-agenda-pdf"}
