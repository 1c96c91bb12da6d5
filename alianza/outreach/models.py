"""Mailing lists, subscriptions, mailings and deliveries."""
