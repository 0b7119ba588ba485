"""What an uncached page costs beyond its SQL queries: round trips to the cache."""

from unittest import mock

import pytest
from wagtail_modeltranslation import patch_wagtailadmin

from partners.database import facets
from tests.helpers import ARTICLE, DATABASE, LANGUAGES, NEWS, PROGRAMME


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("urls", [PROGRAMME, NEWS, ARTICLE, DATABASE], ids=lambda u: u["en"])
def test_site_root_paths_are_read_once_per_language_and_request(client, language, urls):
    client.get(urls[language])
    reads = mock.Mock(wraps=patch_wagtailadmin._localized_site_get_site_root_paths)
    with mock.patch.object(patch_wagtailadmin, "_localized_site_get_site_root_paths", reads):
        response = client.get(urls[language])
    assert response.status_code == 200
    # The page's own language and the other one, for the language links.
    assert reads.call_count <= len(LANGUAGES)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_whole_databases_facet_counts_are_one_content_cache_entry(
    client, content_cache_on, language
):
    looked_up = mock.Mock(wraps=facets.content_cached)
    with mock.patch.object(facets, "content_cached", looked_up):
        assert client.get(DATABASE[language]).status_code == 200
        assert client.get(DATABASE[language]).status_code == 200
    counts = [call for call in looked_up.call_args_list if "counts" in call.args[0]]
    assert [call.args[0] for call in counts] == ["partnership-counts"] * 2
