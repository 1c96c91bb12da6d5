"""What a survey's answers add up to: pure functions over counts the selectors fetch.

Nothing here touches the database, so the rules (who may be shown, how concerns are
ranked, how close two ranks are) are tested with plain numbers.
"""
