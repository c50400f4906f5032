{{%AUTOESCAPE context="HTML"}}<h1>Notices d'information</h1>
<p>Ces notices expliquent comment les données des consultations et visites SOS MÉDECINS sont utilisées dans l'entrepôt CONTACT, et quels sont vos droits. Il en existe une version pour les adultes, une pour les mineurs et une pour les professionnels de santé. Voici la version en vigueur de chacune ; les versions précédentes restent consultables dans l'<a href="/information/historique">historique des versions</a>.</p>
{{#AUDIENCE}}<section class="callout" aria-labelledby="notice-{{AUDIENCE}}" id="section-{{AUDIENCE}}" data-version="{{VERSION}}">
<h2 id="notice-{{AUDIENCE}}">{{AUDIENCE_LABEL}}{{#NOTICE}} : {{TITLE}}{{/NOTICE}}</h2>
{{#NOTICE}}<p class="hint">Version <span class="mono">{{VERSION}}</span>, en vigueur depuis le <time datetime="{{ISO_DATE}}">{{DATE}}</time>.</p>
{{#PARAGRAPH}}<p>{{TEXT}}</p>
{{/PARAGRAPH}}{{/NOTICE}}{{#NONE}}<p>Aucune notice n'est encore publiée pour ce public. Pour toute question, écrivez au délégué à la protection des données (page <a href="/contact">Contact</a>).</p>{{/NONE}}
</section>
{{/AUDIENCE}}
<p>Pour vous opposer à l'utilisation de vos données, utilisez le <a href="/opposition">formulaire d'opposition</a>.</p>
