"""``{% version_token item "text who due done" %}``: the version of a row in a form
written by hand in the template (``schools/concurrency.py``)."""

from django import template

from schools.concurrency import model_token

register = template.Library()


@register.simple_tag
def version_token(instance, fields: str) -> str:
    return model_token(instance, fields.split())
