{{%AUTOESCAPE context="HTML"}}<h1>{{HEADING}}</h1>
<p>{{INTRO}}</p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="lookup-error">{{MESSAGE}}</div>{{/ERROR}}
<form method="post" action="{{ACTION}}" class="form-card" novalidate>
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field">
    <label for="reference">Référence</label>
    <p class="hint" id="reference-hint">Elle figure sur votre récépissé, par exemple OPP-7K3M-9QXD.</p>
    <input id="reference" name="reference" type="text" autocomplete="off" autocapitalize="characters" required aria-required="true" value="{{REFERENCE}}" aria-describedby="reference-hint">
  </div>
  <div class="field">
    <label for="code">Code secret</label>
    <p class="hint" id="code-hint">Les 12 caractères du récépissé, avec ou sans tirets.</p>
    <input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters" required aria-required="true" aria-describedby="code-hint">
  </div>
  <button type="submit" class="button">{{BUTTON}}</button>
</form>
<p>Vous avez perdu votre code secret ? Écrivez au délégué à la protection des données de SOS MÉDECINS FRANCE : il pourra retrouver votre opposition à partir de votre identité.</p>
