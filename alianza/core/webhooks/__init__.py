"""Webhooks out: staff register endpoints, apps emit events, an outbox delivers them signed.

Apps call ``services.webhook_event_emit`` inside the transaction that records what happened;
each active endpoint subscribed to the event gets one ``WebhookDelivery`` row, sent by a task
queued on commit and retried with backoff (``manage.py webhooks_sweep``). See docs/webhooks.md.
"""
