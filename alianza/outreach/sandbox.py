"""The template language staff may use in editable emails: no loading, no includes.

Only plain control-flow tags and the default filters are available; ``{% load %}``,
``{% include %}``, ``{% extends %}``, ``{% url %}`` and ``{% debug %}`` are not, so an
edited template cannot read files, other templates or the settings.
"""

from django.template import Library, defaultfilters, defaulttags

register = Library()

SAFE_TAGS = ("autoescape", "comment", "cycle", "filter", "firstof", "for", "if", "ifchanged",
             "now", "spaceless", "templatetag", "verbatim", "with")

for _name in SAFE_TAGS:
    register.tags[_name] = defaulttags.register.tags[_name]
for _name, _function in defaultfilters.register.filters.items():
    if _name not in ("pprint",):
        register.filters[_name] = _function
