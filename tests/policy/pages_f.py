PUBLIC_PAGES = {"policy-action", "policy-action-sent", "policy-action-confirm"}
