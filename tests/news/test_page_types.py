from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.models import NewsArticlePage, NewsCategory, NewsIndexPage
from programmes.models import ContentPage, HomePage


class NewsPageTypesTest(WagtailPageTestCase):
    def setUp(self):
        self.admin = get_user_model().objects.create_superuser(
            "admin", "admin@example.org", "lösenord"
        )
        self.client.force_login(self.admin)
        self.index = NewsIndexPage.objects.get()

    def test_allowed_parents_and_children(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsArticlePage})
        self.assertAllowedParentPageTypes(NewsArticlePage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsArticlePage, set())
        self.assertCanNotCreateAt(ContentPage, NewsArticlePage)
        self.assertCanNotCreateAt(HomePage, NewsArticlePage)
        self.assertCanNotCreateAt(Page, NewsIndexPage)

    def test_article_can_be_created_in_the_admin(self):
        category = NewsCategory.objects.get(slug_sv="icld")
        data = nested_form_data(
            {
                "title_sv": "Artikel från admin",
                "title_en": "Article from the admin",
                "slug_sv": "artikel-fran-admin",
                "slug_en": "article-from-the-admin",
                "date": "2024-03-01",
                "languages": "sv",
                "teaser_sv": "En kort puff.",
                "teaser_en": "",
                "image_alt_sv": "",
                "image_alt_en": "",
                "body_sv": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
                "body_en": streamfield([]),
                "comments": inline_formset([]),
                "partnership_links": inline_formset([]),
            }
        )
        data["categories"] = [category.pk]
        self.assertCanCreate(self.index, NewsArticlePage, data)
        article = NewsArticlePage.objects.get(slug_sv="artikel-fran-admin")
        self.assertTrue(article.live)
        self.assertEqual(list(article.categories.all()), [category])

    def test_pages_render_and_preview(self):
        article = NewsArticlePage.objects.get(slug_sv="requirements-for-reporting")
        # assertPageIsRoutable is left out: it routes the /sv/ language prefix as a slug.
        for page in (self.index, article):
            self.assertPageIsRenderable(page)
        # The preview's default form data does not know modeltranslation's body_sv/body_en.
        self.assertPageIsPreviewable(
            self.index,
            post_data={"title_sv": "Aktuellt", "title_en": "News", "slug_sv": "aktuellt",
                       "slug_en": "news", "intro_sv": rich_text("<p>Nyheter</p>"),
                       "intro_en": rich_text("<p>News</p>"),
                       **nested_form_data({"comments": inline_formset([])})},
        )  # fmt: skip
        self.assertPageIsPreviewable(
            article,
            post_data={
                **nested_form_data(
                    {
                        "title_sv": article.title_sv,
                        "title_en": article.title_en,
                        "slug_sv": article.slug_sv,
                        "slug_en": article.slug_en,
                        "date": "2016-09-13",
                        "languages": "en",
                        "teaser_sv": "",
                        "teaser_en": article.teaser_en,
                        "image_alt_sv": "",
                        "image_alt_en": "",
                        "body_sv": streamfield([]),
                        "body_en": streamfield([("paragraph", rich_text("<p>Draft.</p>"))]),
                        "comments": inline_formset([]),
                        "partnership_links": inline_formset([]),
                    }
                ),
                "categories": [],
            },
        )
        self.assertPageIsRenderable(self.index, query_data={"category": "icld"})
        self.assertPageIsRenderable(
            self.index, query_data={"category": "finns-inte"}, accept_404=True
        )

    def test_new_article_can_be_previewed_before_it_is_saved(self):
        from django.urls import reverse

        url = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=["news", "newsarticlepage", self.index.pk],
        )
        data = nested_form_data(
            {
                "title_sv": "Förhandsvisning",
                "title_en": "Preview",
                "slug_sv": "forhandsvisning",
                "slug_en": "preview",
                "date": "2024-03-01",
                "languages": "both",
                "teaser_sv": "Puff.",
                "teaser_en": "Teaser.",
                "image_alt_sv": "",
                "image_alt_en": "",
                "body_sv": streamfield([]),
                "body_en": streamfield([]),
                "comments": inline_formset([]),
                "partnership_links": inline_formset([]),
            }
        )
        response = self.client.post(url, data)
        self.assertJSONEqual(response.content, {"is_valid": True, "is_available": True})
        preview = self.client.get(url)
        self.assertEqual(preview.status_code, 200)
        self.assertContains(preview, "Förhandsvisning")

    def test_only_one_news_index(self):
        home = HomePage.objects.get()
        self.assertFalse(NewsIndexPage.can_create_at(home))
