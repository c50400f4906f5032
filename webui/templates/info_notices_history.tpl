{{%AUTOESCAPE context="HTML"}}<h1>Historique des notices d'information</h1>
<p>Chaque version publiée d'une notice est conservée telle quelle, avec sa date de publication : vous pouvez savoir quelle information était en vigueur à une date donnée. Une version reste en vigueur jusqu'à la publication de la suivante pour le même public. Retour aux <a href="/information">notices en vigueur</a>.</p>
{{#AUDIENCE}}<section aria-labelledby="history-{{AUDIENCE}}">
<h2 id="history-{{AUDIENCE}}">{{AUDIENCE_LABEL}}</h2>
{{#NONE}}<p>Aucune version publiée.</p>{{/NONE}}
{{#HAS_VERSIONS}}<table id="history-table-{{AUDIENCE}}">
<caption>Versions de la notice « {{AUDIENCE_LABEL}} », la plus récente d'abord</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Publiée le</th><th scope="col">En vigueur jusqu'au</th><th scope="col">Titre</th></tr></thead>
<tbody>
{{#VERSION_ROW}}<tr data-version="{{VERSION}}"><td class="mono">{{VERSION}}</td><td>{{DATE}}</td><td>{{#CURRENT}}en vigueur{{/CURRENT}}{{#REPLACED}}{{UNTIL}}{{/REPLACED}}</td><td>{{TITLE}}</td></tr>
{{/VERSION_ROW}}
</tbody>
</table>
{{#VERSION_TEXT}}<details class="technical" id="text-{{VERSION}}"><summary>Texte de la version {{VERSION}} du {{DATE}}</summary>
{{#PARAGRAPH}}<p>{{TEXT}}</p>
{{/PARAGRAPH}}</details>
{{/VERSION_TEXT}}{{/HAS_VERSIONS}}
</section>
{{/AUDIENCE}}
