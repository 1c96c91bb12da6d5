#!/bin/bash
# The periodic commands, each looping on its own interval, in one container. If any of them
# stops, the others are stopped too and the container exits, so that it is restarted whole.
set -euo pipefail
python manage.py evidence_sweep
python manage.py contact_imports_sweep
python manage.py outreach_tick --every 30 &
python manage.py events_tick --every 60 &
python manage.py policy_tick --every 60 &
python manage.py join_intake --every 60 &
python manage.py evidence_sweep --every 60 &
python manage.py contact_imports_sweep --every 300 &
python manage.py outbox_sweep --every 300 &
python manage.py webhooks_sweep --every 30 &
trap 'kill $(jobs -p) 2>/dev/null' EXIT INT TERM
# Once a day: the login records kept for staff to review are trimmed to 90 days, and full
# site exports older than SITE_EXPORT_KEEP_DAYS are deleted.
while true; do
  python manage.py axes_reset_logs --age 90 >/dev/null
  python manage.py site_exports_sweep >/dev/null
  sleep 86400
done &
wait -n  # the first to stop brings the container down, to be restarted whole
exit 1
