/* A searchable chooser for many-to-many fields in the Wagtail admin (see
   icld_site.admin_ui.MultipleChooser). The server renders the chosen objects as ticked
   checkboxes; this adds the "Add …" button, which opens Wagtail's chooser modal in
   multiple-selection mode and adds what the editor confirms. */
(() => {
  class MultipleChooserController extends window.StimulusModule.Controller {
    static targets = ['list', 'empty', 'button'];

    static values = {
      url: String,
      name: String,
      parameters: Object,
      linkedFields: Object,
    };

    connect() {
      this.buttonTarget.hidden = false;
    }

    choose() {
      const urlParams = { multiple: 1, ...this.parametersValue };
      Object.entries(this.linkedFieldsValue).forEach(([parameter, id]) => {
        const field = document.getElementById(id);
        if (field && field.value) urlParams[parameter] = field.value;
      });
      window.ModalWorkflow({
        url: this.urlValue,
        urlParams,
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: (result) => this.add(result) },
      });
    }

    add(result) {
      const items = Array.isArray(result) ? result : [result];
      items.forEach((item) => {
        const value = String(item.id);
        const existing = Array.from(
          this.listTarget.querySelectorAll('input[type=checkbox]'),
        ).find((input) => input.value === value);
        if (existing) {
          existing.checked = true;
          return;
        }
        const input = document.createElement('input');
        input.type = 'checkbox';
        input.name = this.nameValue;
        input.value = value;
        input.checked = true;
        const label = document.createElement('label');
        label.append(input, ` ${item.string || item.title || value}`);
        const entry = document.createElement('li');
        entry.append(label);
        this.listTarget.append(entry);
      });
      this.emptyTarget.hidden = this.listTarget.children.length > 0;
    }
  }

  window.wagtail.app.register('kp-multiple-chooser', MultipleChooserController);
})();
