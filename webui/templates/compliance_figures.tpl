{{%AUTOESCAPE context="HTML"}}<table class="figures">
<caption>{{CAPTION}}</caption>
<thead><tr><th scope="col">Indicateur</th><th scope="col" class="num">Valeur</th><th scope="col">Entrées du journal</th><th scope="col">Source</th></tr></thead>
<tbody>{{#FIGURE}}<tr id="fig-{{ID}}"><th scope="row">{{LABEL}}</th><td class="num">{{VALUE}}</td><td class="mono">{{INDEXES}}</td><td><details><summary><span class="mono">{{ID}}</span></summary><code class="sql">{{SQL}}</code>{{#PARAMS}}<br><span class="small">Paramètres&nbsp;: <span class="mono">{{PARAMS_TEXT}}</span></span>{{/PARAMS}}</details></td></tr>
{{/FIGURE}}{{#NO_FIGURE}}<tr><td colspan="4">Aucun indicateur pour cette rubrique.</td></tr>{{/NO_FIGURE}}</tbody>
</table>
