from django import template

register = template.Library()


@register.filter
def page_query(search, number):
    """The query string of `search` on page `number`."""
    return search.page_querystring(number)
