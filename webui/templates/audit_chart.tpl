{{%AUTOESCAPE context="HTML"}}<figure class="chart" id="chart-{{ID}}">
<figcaption>{{TITLE}}</figcaption>
{{#EMPTY}}<p class="small">Aucune donnée sur la période.</p>{{/EMPTY}}
<svg class="chart-svg" role="img" aria-labelledby="chart-{{ID}}-title chart-{{ID}}-desc" viewBox="0 0 {{WIDTH}} {{HEIGHT}}" width="{{WIDTH}}" height="{{HEIGHT}}" xmlns="http://www.w3.org/2000/svg">
<title id="chart-{{ID}}-title">{{TITLE}}</title>
<desc id="chart-{{ID}}-desc">{{DESC}}</desc>
{{#BAR}}<text x="{{LX}}" y="{{TY}}" text-anchor="end" font-size="12" fill="#1b1b1f">{{LABEL}}</text><rect x="{{X}}" y="{{Y}}" width="{{W}}" height="14" fill="#0b4f8a"></rect><text x="{{VX}}" y="{{TY}}" font-size="12" fill="#1b1b1f">{{COUNT}}</text>
{{/BAR}}</svg>
<details class="chart-data"><summary>Données du graphique « {{TITLE}} »</summary>
<table><thead><tr><th scope="col">Libellé</th><th scope="col">Nombre</th></tr></thead>
<tbody>{{#BAR}}<tr><td>{{LABEL}}</td><td>{{COUNT}}</td></tr>
{{/BAR}}</tbody></table></details>
</figure>
