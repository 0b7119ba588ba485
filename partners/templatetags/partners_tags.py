from django import template

register = template.Library()


@register.filter
def page_query(search, number):
    """The query string of `search` on page `number`."""
    return search.page_querystring(number)


@register.simple_tag(takes_context=True)
def route_url(context, name, **kwargs):
    """The URL of a route of the database page, e.g. {% route_url "country" code="KE" %}."""
    return context["database_page"].url_for(name, **kwargs)
