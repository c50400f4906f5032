{{%AUTOESCAPE context="HTML"}}<p><a href="/console/gouvernance/seances/{{MEETING_ID}}">← Retour à la séance, sans rien abandonner</a></p>
<h1>Abandonner le brouillon de décision n° {{DECISION_ID}}</h1>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
<p>Séance du {{MEETING_DATE}}, {{COMMITTEE}}. {{#PROJECT}}Projet <span class="gov-ref">{{REFERENCE}}</span> — {{TITLE}}.{{/PROJECT}}{{#TOPIC}}{{CATEGORY}} — {{TITLE}}.{{/TOPIC}}</p>
{{>RECAP}}
{{#ALREADY_SIGNED}}<div class="alert alert-error" role="status" id="already-signed">Cette décision est signée : elle ne peut plus être abandonnée. Une erreur se corrige par une nouvelle décision, prise en séance, qui la modifie.</div>{{/ALREADY_SIGNED}}
{{#DISCARD_FORM}}
<section aria-labelledby="abandon-titre">
<h2 id="abandon-titre">Abandon du brouillon</h2>
<p>Abandonnez un brouillon enregistré par erreur (mauvais projet, mauvais avis, faute dans la motivation) : la décision et ses votes sont supprimés et n'apparaissent plus sur la page de la séance. <strong>L'abandon est définitif</strong> ; il est inscrit au journal d'audit à votre nom, avec la raison donnée ci-dessous, et l'enregistrement initial y reste. Seule une décision qui n'est pas encore signée peut être abandonnée. Pour la bonne décision, enregistrez-la à nouveau depuis la page de la séance.</p>
<form method="post" action="/console/gouvernance/seances/{{MEETING_ID}}/decisions/{{DECISION_ID}}/abandon" class="form-card" id="discard-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="discard-reason">Raison de l'abandon (obligatoire)</label><textarea id="discard-reason" name="reason" rows="3" maxlength="2000" required>{{REASON:pre_escape}}</textarea></div>
  <div class="choice"><input type="checkbox" id="discard-confirm" name="confirm" value="oui"><label for="discard-confirm">J'ai relu ce brouillon ; je l'abandonne définitivement.</label></div>
  <button type="submit" class="button">Abandonner ce brouillon</button>
</form>
</section>
{{/DISCARD_FORM}}
