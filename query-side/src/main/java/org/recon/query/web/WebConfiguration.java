package org.recon.query.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    CsvMessageConverter csvMessageConverter(JsonMapper json) {
        return new CsvMessageConverter(json);
    }
}
